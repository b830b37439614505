"""Course certificates: issued once per person and course (a database constraint),
with the signed Open Badges 3.0 credential made at issue.

When: the moment a course's last lesson completes (`issue_certificate`, called by
`credits.reactions` when learning announces the completed course). A course
completed before certificates existed gets its certificate on the worker's first
view of it (`certificate_for`), dated by its last lesson's completion. Either way
it is the same function, and a second call returns the first certificate.
"Completed" is learning's one definition (`completion.completed_courses`).
A course with `validity_months` gives certificates that expire; `credits.renewals`
issues the next generation when the refresher is done.
"""

from __future__ import annotations

import base64
import calendar
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.models import Certificate, Course, CreditClaim, Person
from lms.services.catalogue import browse as catalogue
from lms.services.credits import badges, status_list
from lms.services.credits import ledger as credits
from lms.services.errors import NotFound
from lms.services.learning import completion


def new_certificate_id() -> str:
    """16 characters of base32 (80 random bits): unguessable, easy to read out."""
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii")


def verify_url(certificate_id: str) -> str:
    return f"{current_app.config['LMS_PUBLIC_URL']}/verify/{certificate_id}"


def issue_certificate(person: Person, course: Course, now: datetime) -> Certificate:
    """The person's certificate for the course they have just completed: created
    and signed once; replays and races return the one already issued."""
    existing = _find(person.id, course.id)
    if existing is not None:
        return existing
    return new_certificate(person, course, now)


def new_certificate(
    person: Person, course: Course, now: datetime, renews: Certificate | None = None
) -> Certificate:
    """Create and sign a certificate (renewing `renews`); a lost race gets the winner."""
    generation = renews.generation + 1 if renews else 1
    cert = Certificate(
        id=new_certificate_id(),
        person_id=person.id,
        course_id=course.id,
        holder_name=person.name,
        course_code=course.code,
        course_title=course.title,
        credit_hours=earned_hours(person, course, generation - 1),
        completed_at=now,
        issued_at=now,
        expires_at=expiry(course, now),
        generation=generation,
        renews_id=renews.id if renews else None,
        status_index=status_list.next_index(),
    )
    cert.person = person
    status = status_list.entry_for(cert.status_index)
    credential = badges.credential_for(cert, verify_url(cert.id), status)
    cert.credential = badges.sign(credential)
    try:
        with db.session.begin_nested():
            db.session.add(cert)
    except IntegrityError:
        return _find(person.id, course.id)
    return cert


def expiry(course: Course, start: datetime) -> datetime | None:
    """`validity_months` after `start` (the last day of a shorter month), or None."""
    months = course.validity_months
    if not months:
        return None
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def _find(person_pk: int, course_id: int) -> Certificate | None:
    """The person's current certificate for the course: its latest generation."""
    return db.session.scalar(
        select(Certificate)
        .where(Certificate.person_id == person_pk, Certificate.course_id == course_id)
        .order_by(Certificate.generation.desc())
        .limit(1)
    )


def current(person: Person, course: Course) -> Certificate | None:
    return _find(person.id, course.id)


def earned_hours(person: Person, course: Course, period: int = 0) -> Decimal:
    """Hours the person earned in the course (its lessons, bonus and classes) in a
    renewal period (0: before the first certificate), as claimed."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(CreditClaim.credit_hours), 0)).where(
            CreditClaim.person_id == person.id,
            CreditClaim.course_id == course.id,
            CreditClaim.period == period,
        )
    )
    return Decimal(str(total)).quantize(Decimal("0.01"))


def certificate_for(person: Person, course_id: int | str) -> Certificate:
    """The worker's certificate for a course, issued now if the course was
    completed before certificates existed; 404 while the course is unfinished."""
    course = catalogue.get_course(course_id)
    existing = _find(person.id, course.id)
    if existing is not None:
        return existing
    completed_at = completion.course_completed_at(person, course)
    if completed_at is None:
        raise NotFound(_l("Finish every lesson of this course to get its certificate."))
    return issue_certificate(person, course, completed_at)


def public_certificate(certificate_id: str) -> Certificate:
    cert = db.session.get(Certificate, certificate_id.strip().upper())
    if cert is None:
        raise NotFound(_l("No certificate with this number."))
    return cert


@dataclass(frozen=True)
class CompletedCourse:
    course: Course
    certificate: Certificate | None


def completed_courses(person: Person) -> list[CompletedCourse]:
    """Published courses the person has finished, with their certificate if issued."""
    completed = completion.completed_courses(person.id).subquery()
    done = set(db.session.scalars(select(completed.c.course_id)))
    issued = {
        c.course_id: c
        for c in db.session.scalars(
            select(Certificate)
            .where(Certificate.person_id == person.id)
            .order_by(Certificate.generation)
        )
    }
    return [
        CompletedCourse(c, issued.get(c.id))
        for c in catalogue.published_courses()
        if c.id in done
    ]


def mask_name(name: str) -> str:
    """张三明 → 张*明, 欧阳小明 → 欧**明, 张三 → 张*: enough to recognise, not to find."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return f"{name[0]}*"
    return f"{name[0]}{'*' * (len(name) - 2)}{name[-1]}"


def completed_on(cert: Certificate) -> date:
    """The completion day in the instance's time zone (as printed on certificates)."""
    return credits.local_day(cert.completed_at)


def revoked_on(cert: Certificate) -> date | None:
    """The day the certificate was revoked (a credit of its course was reversed)."""
    return credits.local_day(cert.revoked_at) if cert.revoked_at else None


def expires_on(cert: Certificate) -> date | None:
    """The day the certificate stops being valid (local), or None if it never does."""
    return credits.local_day(cert.expires_at) if cert.expires_at else None


def is_expired(cert: Certificate, now: datetime) -> bool:
    return cert.expires_at is not None and now >= cert.expires_at
