"""Assignment campaigns (courses required of chosen organisations or platforms by a
deadline) and the notification outbox (in-app notices, and SMS still to be sent)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, utcnow


class Campaign(Base):
    """Courses required by `deadline_at`; owned by an organisation (None: the city)."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    starts_at: Mapped[datetime]
    deadline_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    courses: Mapped[list[CampaignCourse]] = relationship(cascade="all, delete-orphan")
    targets: Mapped[list[CampaignTarget]] = relationship(cascade="all, delete-orphan")


class CampaignCourse(Base):
    __tablename__ = "campaign_courses"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), primary_key=True)


class CampaignTarget(Base):
    """Who must take part: members of `organisation_id`'s subtree (any, if None) on
    `platform` (any, if None). A member in any target takes part."""

    __tablename__ = "campaign_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    platform: Mapped[str | None] = mapped_column(String(32))


class SmsState(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class Notification(Base):
    """A notice to one worker: shown in the app at once, sent by SMS from `send_after`
    (outside quiet hours). At most one notice of a kind per person per local day."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("person_id", "kind", "day"),
        Index("ix_notifications_sms_state_send_after", "sms_state", "send_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(32))
    day: Mapped[date]
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    body: Mapped[str] = mapped_column(Text)
    # The lesson the notice opens (the worker's next one); SMS carry its full URL.
    lesson_id: Mapped[int | None] = mapped_column(
        ForeignKey("lessons.id", ondelete="SET NULL")
    )
    link: Mapped[str | None] = mapped_column(String(300))  # a path in this app
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    sms_state: Mapped[SmsState] = mapped_column(String(16), default=SmsState.QUEUED)
    send_after: Mapped[datetime]
    sms_sent_at: Mapped[datetime | None]
    sms_error: Mapped[str | None] = mapped_column(Text)
