"""The delivery state of each outbox channel (`points`, `xapi`): one row a channel,
shared by every sender process. The items themselves live in the channels' own tables
(`points.PointsDelivery`, `xapi.XapiStatement`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.models.base import Base


class OutboxChannel(Base):
    """A channel's sender state. `stopped_at` is set when the receiver refuses us
    (400/401/403/404) and cleared only by an administrator ("resume");
    `next_attempt_at` is the back-off after `failures` transient failures in a row,
    and `retry_after_until` the part of it the receiver asked for (`Retry-After`),
    which even a push by hand honours."""

    __tablename__ = "outbox_channels"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    stopped_at: Mapped[datetime | None]
    stop_status: Mapped[int | None]
    stop_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    retry_after_until: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    @property
    def is_stopped(self) -> bool:
        return self.stopped_at is not None
