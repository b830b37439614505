"""How credits react to learning's announcements (`learning.events`) and to a passed
station class (`classes.events`), connected in `lms.subscriptions`: a completed lesson earns its hours; a completed course earns its
bonus and then its certificate, in that order, since the certificate prints the hours
earned in the course. A refresher lesson earns in its renewal period, and a finished
refresher renews the certificate (`credits.renewals`)."""

from __future__ import annotations

from datetime import datetime

from lms.models import Course, Lesson, Person
from lms.services.credits import certificates, ledger, renewals


def on_lesson_completed(person: Person, *, lesson: Lesson, now: datetime) -> None:
    period = renewals.lesson_period(person, lesson, now)
    ledger.award_lesson(person, lesson, now, period)


def on_course_completed(person: Person, *, course: Course, now: datetime) -> None:
    ledger.award_course(person, course, now)
    certificates.issue_certificate(person, course, now)
    renewals.renew_if_refreshed(person, course, now)


def on_practical_passed(person: Person, *, station_class, now: datetime) -> None:
    """A passed station class earns its hours (kind `practical`) and, where the
    course accepts a class as its refresher, renews the certificate."""
    course = station_class.course
    ledger.award_practical(
        person, station_class, now, renewals.period_for(person, course, now)
    )
    renewals.renew_if_refreshed(person, course, now, by_class=True)
