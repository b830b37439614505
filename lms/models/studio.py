"""The studio's own tables: lesson drafts (the trainer's working copy) and the audit log.

A published lesson stays as workers see it in `lessons` while its draft is edited here;
publishing copies the draft onto the lesson (version + 1 when the content changed) and
removes the draft. A lesson never published exists only as a draft (`lesson_id` empty).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, utcnow
from lms.models.course import Course, Hours, Lesson


class LessonDraft(Base):
    __tablename__ = "lesson_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    lesson_id: Mapped[int | None] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), unique=True
    )
    code: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    duration_min: Mapped[float] = mapped_column(default=5.0)
    credit_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))
    guide_md: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list] = mapped_column(JSON, default=list)
    # The quiz as pasted (GIFT or our YAML); empty means no quiz.
    quiz_text: Mapped[str] = mapped_column(Text, default="")
    quiz_format: Mapped[str] = mapped_column(String(8), default="gift")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    course: Mapped[Course] = relationship()
    lesson: Mapped[Lesson | None] = relationship()


class StudioAudit(Base):
    """One change made in the studio: who, when, what (action and a small detail)."""

    __tablename__ = "studio_audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    course_id: Mapped[int | None] = mapped_column(
        ForeignKey("courses.id", ondelete="SET NULL"), index=True
    )
    lesson_code: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
