"""Hands-on classes at the service stations (线下微课): the class, who signed up (or
waits), who came, and each attendee's practical checks."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, utcnow
from lms.models.course import Course, Lesson
from lms.models.org import Organisation
from lms.models.person import Person


class SignupState(StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class CheckResult(StrEnum):
    PASS = "pass"
    RETRY = "retry"


class StationClass(Base):
    """A scheduled class at a station. `skills` lists the practical checks (texts);
    `secret` keys its rotating attendance codes."""

    __tablename__ = "station_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lessons.id"))
    trainer_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    capacity: Mapped[int]
    bring: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list] = mapped_column(JSON, default=list)
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    station: Mapped[Organisation] = relationship()
    course: Mapped[Course] = relationship()
    lesson: Mapped[Lesson | None] = relationship()
    trainer: Mapped[Person] = relationship()


class ClassSignup(Base):
    """One person's place in a class (one row per person and class). Presence is set
    once, by the rotating code or by hand (`attendance_reason` then says why);
    `passed_at` once, when every skill was first checked pass."""

    __tablename__ = "class_signups"
    __table_args__ = (UniqueConstraint("class_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("station_classes.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    state: Mapped[SignupState] = mapped_column(String(16))
    signed_up_at: Mapped[datetime]
    present_at: Mapped[datetime | None]
    attendance_by: Mapped[str | None] = mapped_column(String(16))  # "code" | "hand"
    attendance_reason: Mapped[str | None] = mapped_column(Text)
    passed_at: Mapped[datetime | None]
    reminded_day_at: Mapped[datetime | None]
    reminded_hour_at: Mapped[datetime | None]

    station_class: Mapped[StationClass] = relationship()
    person: Mapped[Person] = relationship()


class PracticalCheck(Base):
    """The trainer's verdict on one skill of one attendee (the latest one counts)."""

    __tablename__ = "practical_checks"
    __table_args__ = (UniqueConstraint("signup_id", "skill"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("class_signups.id"))
    skill: Mapped[int]
    result: Mapped[CheckResult] = mapped_column(String(8))
    checked_by: Mapped[int] = mapped_column(ForeignKey("people.id"))
    checked_at: Mapped[datetime]
