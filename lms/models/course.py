"""Courses and their lessons, as imported from course files or written in the studio."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, utcnow
from lms.models.org import Organisation

Hours = Numeric(6, 2)


class CourseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Course(Base):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(32), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    status: Mapped[CourseStatus] = mapped_column(String(16), default=CourseStatus.DRAFT)
    bonus_credit_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))
    # The completion rule's knobs; a course may only make them stricter than the default.
    required_watch_ratio: Mapped[Decimal] = mapped_column(
        Numeric(3, 2), default=Decimal("0.90")
    )
    requires_guide_read: Mapped[bool] = mapped_column(default=False)
    # Certificates valid for a limited time (None: forever), renewed by the refresher:
    # these lesson codes, and/or a station class of this course.
    validity_months: Mapped[int | None]
    refresher_lessons: Mapped[list] = mapped_column(JSON, default=list)
    refresher_by_class: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    school: Mapped[Organisation | None] = relationship()
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course",
        order_by="Lesson.position",
        cascade="all, delete-orphan",
    )


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("course_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    duration_s: Mapped[int] = mapped_column(default=0)
    credit_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))
    guide_md: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(default=1)
    # Set when a video is published / a quiz is attached; the completion rule reads them.
    video_duration_s: Mapped[float | None]
    has_quiz: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    course: Mapped[Course] = relationship(back_populates="lessons")


class CatalogueChange(Base):
    """A course whose search documents changed, in commit order. Each web node keeps
    its own search index and applies these (`search_index.catch_up`), so a course
    edited through one node is found through every node."""

    __tablename__ = "catalogue_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
