"""Course certificates: one per person, course and renewal generation (a database
constraint), with what it certifies snapshotted at issue and its signed Open Badges
3.0 credential."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, utcnow
from lms.models.course import Course
from lms.models.person import Person


class Certificate(Base):
    """`id` is public (it is in the QR code and the verification URL) and random, so
    certificates cannot be enumerated. Name, course and hours are kept as issued.
    `revoked_at` is set when an admin reverses a credit of the course for the holder:
    the certificate is kept, and shown as revoked to whoever checks it.
    `expires_at` is set for courses whose certificate is valid for a limited time; a
    renewal is a new certificate (`generation` + 1) pointing at the one it renews.
    `status_index` is its bit in the public revocation status list."""

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("person_id", "course_id", "generation"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    holder_name: Mapped[str] = mapped_column(String(100))
    course_code: Mapped[str] = mapped_column(String(64))
    course_title: Mapped[str] = mapped_column(String(200))
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    completed_at: Mapped[datetime]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    credential: Mapped[str] = mapped_column(Text)  # OB 3.0 VC-JWT (compact JWS)
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    generation: Mapped[int] = mapped_column(default=1, server_default="1")
    renews_id: Mapped[str | None] = mapped_column(
        ForeignKey("certificates.id"), unique=True
    )
    status_index: Mapped[int | None] = mapped_column(unique=True)
    reminded_60_at: Mapped[datetime | None]
    reminded_14_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship()
    course: Mapped[Course] = relationship()
