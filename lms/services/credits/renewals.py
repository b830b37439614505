"""Refresher training (复训) for certificates that expire: when the refresher window
opens (60 days before expiry, and open after it), the course's refresher lessons can
be taken again; they earn credit once per renewal period (`period` = the generation
being renewed, a database constraint on the claim), and once they (or a passed
station class of the course, when the course says so) are done, a new certificate
with a new validity is issued, pointing at the old one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.extensions import db
from lms.models import Certificate, Course, Lesson, LessonProgress, Person
from lms.services.credits import certificates
from lms.services.errors import Conflict
from lms.services.learning import progress

WINDOW = timedelta(days=60)


def window_opens(cert: Certificate) -> datetime | None:
    return cert.expires_at - WINDOW if cert.expires_at else None


def renewable(cert: Certificate | None, now: datetime) -> bool:
    """The certificate is the current one, unrevoked, and its refresher window is
    open at `now`."""
    if cert is None or cert.revoked_at is not None or cert.expires_at is None:
        return False
    return now >= window_opens(cert) and not _renewed(cert)


def _renewed(cert: Certificate) -> bool:
    query = select(Certificate.id).where(Certificate.renews_id == cert.id)
    return db.session.scalar(query) is not None


def refresher_lessons(course: Course) -> list[Lesson]:
    codes = set(course.refresher_lessons or [])
    return [lesson for lesson in course.lessons if lesson.code in codes]


def period_for(person: Person, course: Course, now: datetime) -> int:
    """The renewal period credit earned now in the course's refresher belongs to:
    the generation being renewed, or 0 outside any refresher window."""
    cert = certificates.current(person, course)
    return cert.generation if renewable(cert, now) else 0


def lesson_period(person: Person, lesson: Lesson, now: datetime) -> int:
    if lesson.code not in (lesson.course.refresher_lessons or []):
        return 0
    return period_for(person, lesson.course, now)


def start_refresher(person: Person, course: Course, now: datetime) -> list[Lesson]:
    """Open the refresher: each refresher lesson completed before the window opened
    starts over. 409 when the certificate is not due for renewal."""
    cert = certificates.current(person, course)
    if not renewable(cert, now) or not refresher_lessons(course):
        raise Conflict(
            _l("This certificate is not due for a refresher."), code="not_due"
        )
    lessons = refresher_lessons(course)
    for lesson in lessons:
        row = progress.open_lesson(person, lesson, now)
        if row.completed_at is not None and row.completed_at < window_opens(cert):
            progress.reopen(person, lesson, now)
    return lessons


def _lessons_done(person: Person, course: Course, since: datetime) -> bool:
    lessons = refresher_lessons(course)
    if not lessons:
        return False
    done = db.session.scalars(
        select(LessonProgress.lesson_id).where(
            LessonProgress.person_id == person.id,
            LessonProgress.lesson_id.in_([x.id for x in lessons]),
            LessonProgress.completed_at >= since,
        )
    ).all()
    return len(set(done)) == len(lessons)


def renew_if_refreshed(
    person: Person, course: Course, now: datetime, by_class: bool = False
) -> Certificate | None:
    """Issue the next certificate when the refresher is done within the window (the
    lessons, or a passed class where the course accepts one); None otherwise."""
    cert = certificates.current(person, course)
    if not renewable(cert, now):
        return None
    done = (by_class and course.refresher_by_class) or _lessons_done(
        person, course, window_opens(cert)
    )
    if not done:
        return None
    return certificates.new_certificate(person, course, now, renews=cert)
