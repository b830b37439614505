"""The xAPI outbox: one row per statement owed to the learning record store, under
our own statement id (so the LRS recognises a re-send), with its delivery state and
back-off. Delivered by the outbox core (`lms.services.outbox`), like the points
export (`points.PointsDelivery`): `held` means the same in both."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.models.base import Base, utcnow


class XapiState(StrEnum):
    QUEUED = "queued"
    DELIVERED = "delivered"
    HELD = "held"  # the LRS refused this very statement; queued again by hand
    FAILED = "held"  # the name before "held" meant the same in both channels


class XapiStatement(Base):
    """A statement as it goes on the wire, built once when the event happened, so
    every re-send is identical (an LRS answers a differing re-send with 409)."""

    __tablename__ = "xapi_statements"
    __table_args__ = (
        Index("ix_xapi_statements_state_due", "state", "next_attempt_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    verb: Mapped[str] = mapped_column(String(32))
    statement: Mapped[dict] = mapped_column(JSON)
    state: Mapped[XapiState] = mapped_column(String(16), default=XapiState.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
