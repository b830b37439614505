"""Phone numbers as shown where a full number is not needed (lists, logs)."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """138****1234: enough to recognise a member, not enough to call them."""
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"
