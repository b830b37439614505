"""Course certificates: issued once per person and course (a database constraint),
with the signed Open Badges 3.0 credential made at issue.

When: the completion rule issues it the moment a course's last lesson completes
(`issue_certificate`, one call in `completion.complete_if_done`). A course
completed before certificates existed gets its certificate on the worker's first
view of it (`certificate_for`), dated by its last lesson's completion. Either way
it is the same function, and a second call returns the first certificate.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.errors import NotFound
from lms.extensions import db
from lms.models import Certificate, Course, CreditClaim, Lesson, LessonProgress, Person
from lms.services.catalogue import browse as catalogue
from lms.services.credits import badges
from lms.services.credits import ledger as credits
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
    cert = Certificate(
        id=new_certificate_id(),
        person_id=person.id,
        course_id=course.id,
        holder_name=person.name,
        course_code=course.code,
        course_title=course.title,
        credit_hours=earned_hours(person, course),
        completed_at=now,
        issued_at=now,
    )
    cert.person = person
    cert.credential = badges.sign(badges.credential_for(cert, verify_url(cert.id)))
    try:
        with db.session.begin_nested():
            db.session.add(cert)
    except IntegrityError:
        return _find(person.id, course.id)
    return cert


def _find(person_pk: int, course_id: int) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.person_id == person_pk, Certificate.course_id == course_id
        )
    )


def earned_hours(person: Person, course: Course) -> Decimal:
    """Hours the person earned in the course (its lessons and bonus), as claimed."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(CreditClaim.credit_hours), 0)).where(
            CreditClaim.person_id == person.id, CreditClaim.course_id == course.id
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
    if not course.lessons or not completion.course_completed(person, course):
        raise NotFound(_l("Finish all lessons of this course to get its certificate."))
    return issue_certificate(person, course, _last_completion(person, course))


def _last_completion(person: Person, course: Course) -> datetime:
    return db.session.scalar(
        select(func.max(LessonProgress.completed_at))
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.person_id == person.id, Lesson.course_id == course.id)
    )


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
    courses = [c for c in catalogue.published_courses() if c.lessons]
    done = catalogue.completed_counts(person, [c.id for c in courses])
    issued = {
        c.course_id: c
        for c in db.session.scalars(
            select(Certificate).where(Certificate.person_id == person.id)
        )
    }
    return [
        CompletedCourse(c, issued.get(c.id))
        for c in courses
        if done.get(c.id, 0) == len(c.lessons)
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
