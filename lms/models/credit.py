"""The credit ledger: claims (what a completion earned, once) and entries (the
append-only lines sent to the points platform, exactly the fields of its contract)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, utcnow
from lms.models.person import Person

Hours = Numeric(6, 2)


class CreditKind(StrEnum):
    LESSON = "lesson"
    COURSE = "course"
    PRACTICAL = "practical"
    REVERSAL = "reversal"


class CreditClaim(Base):
    """What a completion earned. The database refuses a second claim for the same
    person and lesson (within one renewal `period`: a refresher lesson earns again
    once per period), course or station class, however often the completing event is
    replayed.
    A claim becomes a ledger entry when the daily cap allows (at once without a cap)."""

    __tablename__ = "credit_claims"
    __table_args__ = (
        Index(
            "uq_credit_claims_lesson",
            "person_id",
            "lesson_id",
            "period",
            unique=True,
            sqlite_where=text("kind = 'lesson'"),
            postgresql_where=text("kind = 'lesson'"),
        ),
        Index(
            "uq_credit_claims_course",
            "person_id",
            "course_id",
            unique=True,
            sqlite_where=text("kind = 'course'"),
            postgresql_where=text("kind = 'course'"),
        ),
        Index(
            "uq_credit_claims_practical",
            "person_id",
            "station_class_id",
            unique=True,
            sqlite_where=text("kind = 'practical'"),
            postgresql_where=text("kind = 'practical'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[CreditKind] = mapped_column(String(16))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lessons.id"))
    lesson_version: Mapped[int | None]
    period: Mapped[int] = mapped_column(default=0, server_default="0")
    station_class_id: Mapped[int | None] = mapped_column(
        ForeignKey("station_classes.id")
    )
    credit_hours: Mapped[Decimal] = mapped_column(Hours)
    title: Mapped[str] = mapped_column(String(200))
    course_code: Mapped[str] = mapped_column(String(64))
    lesson_code: Mapped[str | None] = mapped_column(String(64))
    org_code: Mapped[str | None] = mapped_column(String(64))
    earned_at: Mapped[datetime]
    issued_on: Mapped[date | None] = mapped_column(index=True)

    person: Mapped[Person] = relationship()


class CreditEntry(Base):
    """One immutable line of the ledger (shared/specs/points-export.md). `seq` orders
    the ledger; entries are never edited or deleted, only reversed."""

    __tablename__ = "credit_entries"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("credit_claims.id"), unique=True
    )
    person_pk: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    person_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[CreditKind] = mapped_column(String(16))
    reverses: Mapped[str | None] = mapped_column(
        ForeignKey("credit_entries.id"), unique=True
    )
    credit_hours: Mapped[Decimal] = mapped_column(Hours)
    course_code: Mapped[str] = mapped_column(String(64))
    lesson_code: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    earned_at: Mapped[datetime]
    org_code: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def as_contract(self) -> dict:
        """The entry exactly as the exchange contract gives it."""
        return {
            "id": self.id,
            "seq": self.seq,
            "person_id": self.person_id,
            "kind": str(self.kind),
            "reverses": self.reverses,
            "credit_hours": f"{self.credit_hours:.2f}",
            "course_code": self.course_code,
            "lesson_code": self.lesson_code,
            "title": self.title,
            "earned_at": self.earned_at.isoformat(),
            "org_code": self.org_code,
        }


class CreditAudit(Base):
    """Who did what to the ledger by hand (reversals, releases), and why; no actor
    for what an operator did on the command line (`flask credits resume`)."""

    __tablename__ = "credit_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(String(32))
    entry_id: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
