"""Union dashboards' data: organisation attributes, the completion counters the
dashboards read (kept up to date on completion), and each member's move history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.models.base import Base, utcnow
from lms.models.person import Person

Hours = Numeric(10, 2)

# Scoped member listings filter and group people by organisation and platform.
Index("ix_people_organisation_id_platform", Person.organisation_id, Person.platform)


class OrgProfile(Base):
    """Attributes of one organisation: the platform company a station serves and the
    school it trains with (both optional; the tree itself lives in `organisations`)."""

    __tablename__ = "org_profiles"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True, autoincrement=False
    )
    platform: Mapped[str | None] = mapped_column(String(32))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))


class CourseCompletion(Base):
    """A member finished every lesson of a course, once (the database refuses twice)."""

    __tablename__ = "course_completions"
    __table_args__ = (UniqueConstraint("person_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    completed_at: Mapped[datetime]


class UnionCount(Base):
    """Completions per (organisation, platform, course, local month) of the members
    who belong there now: the dashboards sum these few rows instead of progress rows.
    `platform` is "" for members without one (so the key stays unique)."""

    __tablename__ = "union_counts"
    __table_args__ = (
        UniqueConstraint("organisation_id", "platform", "course_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    platform: Mapped[str] = mapped_column(String(32))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    month: Mapped[date] = mapped_column(index=True)
    lessons_done: Mapped[int] = mapped_column(default=0)
    courses_done: Mapped[int] = mapped_column(default=0)
    credit_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))


class MemberStat(Base):
    """One member's running totals (lessons, courses, hours), for the "behind" list."""

    __tablename__ = "member_stats"
    __table_args__ = (Index("ix_member_stats_lessons_done", "lessons_done"),)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id"), primary_key=True, autoincrement=False
    )
    lessons_done: Mapped[int] = mapped_column(default=0)
    courses_done: Mapped[int] = mapped_column(default=0)
    credit_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))
    last_completed_at: Mapped[datetime | None]


class MemberCourseStat(Base):
    """One member's totals in one course, for the "behind" list filtered by course."""

    __tablename__ = "member_course_stats"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id"), primary_key=True, autoincrement=False
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id"), primary_key=True, autoincrement=False
    )
    lessons_done: Mapped[int] = mapped_column(default=0)
    courses_done: Mapped[int] = mapped_column(default=0)
    credit_hours: Mapped[Decimal] = mapped_column(Hours, default=Decimal("0"))


class MemberMove(Base):
    """A member moved between organisations or platforms; the record stays theirs
    (一人一档), this row only says where they were before."""

    __tablename__ = "member_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    from_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    to_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    from_platform: Mapped[str | None] = mapped_column(String(32))
    to_platform: Mapped[str | None] = mapped_column(String(32))
    moved_at: Mapped[datetime] = mapped_column(default=utcnow)
