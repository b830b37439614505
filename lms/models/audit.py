"""The staff audit log: who exported member lists, revealed a phone number, changed an
account or a role, and why when they said so. Admins read it; it is kept for
`LMS_AUDIT_DAYS` days."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.models.base import Base, utcnow


class AuditEvent(Base):
    """One action by a member of staff (or the system when `actor_id` is empty)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(48), index=True)
    # The people the action touched (ids of `people`), e.g. the members of an export.
    subject_ids: Mapped[list] = mapped_column(JSON, default=list)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
