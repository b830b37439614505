"""The platform companies members ride for: codes as stored, names as shown."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Extensible as data (DESIGN rule 6): add a platform here, nowhere else.
PLATFORMS = {
    "meituan": _l("Meituan"),
    "eleme": _l("Ele.me"),
    "sf": _l("SF Express City"),
    "dada": _l("Dada"),
    "uu": _l("UU Errands"),
    "other": _l("Other platform"),
}


def platform_name(code: str | None) -> str:
    return str(PLATFORMS.get(code or "", code or ""))


def is_platform(code: str | None) -> bool:
    return code in PLATFORMS


ALIASES = {  # names people type in import files
    "美团": "meituan",
    "饿了么": "eleme",
    "顺丰同城": "sf",
    "达达": "dada",
    "uu跑腿": "uu",
    "其他": "other",
    "其他平台": "other",
}


def find_platform(text: str) -> str | None:
    """The platform code for a code or a Chinese name; None if not recognised."""
    text = text.strip().lower()
    return text if text in PLATFORMS else ALIASES.get(text)
