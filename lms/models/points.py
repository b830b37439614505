"""The points export outbox: per-entry delivery state and the batches sent (the
sender's own state, stopped or backing off, is `outbox.OutboxChannel` "points").
The ledger itself is `credit.CreditEntry`; these tables only say how far its export
has got."""

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
    """One POST to the receiver, recorded before it is sent: a row left `sending`
    is one whose answer never got recorded (a crash or a kill); its entries stayed
    queued and were sent again. `batch_id` is the batch's id on the wire (and its
    `Idempotency-Key`): a re-send of exactly the same entries after a failure keeps
    it (rows with the same `digest`, the entries' fingerprint), a regrouped batch
    gets a new one."""

    __tablename__ = "points_batches"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(36), index=True)
    digest: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    size: Mapped[int]
    first_seq: Mapped[int]
    last_seq: Mapped[int]
    status: Mapped[BatchStatus] = mapped_column(String(16))
    http_status: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
