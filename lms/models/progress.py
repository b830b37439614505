"""Per-person lesson progress: where the worker is, what they covered, what is done."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, UniqueConstraint
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
    intervals: Mapped[list] = mapped_column(JSON, default=list)
    first_opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    guide_read_at: Mapped[datetime | None]
    quiz_passed_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, index=True
    )

    lesson: Mapped[Lesson] = relationship()
