"""The points export outbox: per-entry delivery state, the batches sent, and the
pusher's own state (stopped by the receiver, back-off). The ledger itself is
`credit.CreditEntry`; these tables only say how far its export has got."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.models.base import Base, utcnow


class DeliveryState(StrEnum):
    QUEUED = "queued"
    DELIVERED = "delivered"
    HELD = "held"


class PointsDelivery(Base):
    """Where one ledger entry stands in the export. A row appears when the pusher
    first sees the entry (queued); it is delivered when the receiver answered
    `accepted` or `duplicates` for it, held when it answered `rejected` (until an
    administrator releases it, which queues it again)."""

    __tablename__ = "points_deliveries"
    __table_args__ = (Index("ix_points_deliveries_state_seq", "state", "seq"),)

    seq: Mapped[int] = mapped_column(
        ForeignKey("credit_entries.seq"), primary_key=True, autoincrement=False
    )
    state: Mapped[DeliveryState] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    batch_id: Mapped[str | None] = mapped_column(String(36))
    held_reason: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class BatchStatus(StrEnum):
    SENDING = "sending"
    ANSWERED = "answered"
    FAILED = "failed"


class PointsBatch(Base):
    """One POST to the receiver, recorded before it is sent: a batch left `sending`
    is one whose answer never got recorded (a crash or a kill); its entries stayed
    queued and were sent again in a later batch."""

    __tablename__ = "points_batches"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    size: Mapped[int]
    first_seq: Mapped[int]
    last_seq: Mapped[int]
    status: Mapped[BatchStatus] = mapped_column(String(16))
    http_status: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]


class PointsPusher(Base):
    """The pusher's state, a single row (id 1). `stopped_at` is set by a 400/401/403/404
    answer and cleared only by an administrator; `next_attempt_at` is the back-off
    after transient failures (`failures` in a row)."""

    __tablename__ = "points_pusher"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stopped_at: Mapped[datetime | None]
    stop_status: Mapped[int | None]
    stop_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    @property
    def is_stopped(self) -> bool:
        return self.stopped_at is not None
