"""Per-person lesson progress: where the worker is, what they covered, what is done,
and every watching event received (so a replay is recognised and changes nothing)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, utcnow
from lms.models.course import Lesson


class LessonProgress(Base):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("person_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    position: Mapped[float] = mapped_column(default=0.0)
    watched_seconds: Mapped[float] = mapped_column(default=0.0)
    # Watched media time as merged [start, end] pairs, and the client-time windows of
    # accepted events (for the "no two intervals at once" rule), both kept compact.
    intervals: Mapped[list] = mapped_column(JSON, default=list)
    client_windows: Mapped[list] = mapped_column(JSON, default=list)
    dropped_events: Mapped[int] = mapped_column(default=0)
    last_accepted_at: Mapped[datetime | None]
    first_opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    guide_read_at: Mapped[datetime | None]
    quiz_passed_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, index=True
    )

    lesson: Mapped[Lesson] = relationship()


class ProgressEvent(Base):
    """One watching event as the client sent it; its id is unique forever."""

    __tablename__ = "progress_events"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    progress_id: Mapped[int] = mapped_column(
        ForeignKey("lesson_progress.id"), index=True
    )
    start_s: Mapped[float]
    end_s: Mapped[float]
    rate: Mapped[float]
    client_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    is_accepted: Mapped[bool]
    reason: Mapped[str | None] = mapped_column(String(32))
