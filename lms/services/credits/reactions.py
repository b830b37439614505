"""How credits react to learning's announcements (`learning.events`), connected in
`lms.subscriptions`: a completed lesson earns its hours; a completed course earns its
bonus and then its certificate, in that order, since the certificate prints the hours
earned in the course."""

from __future__ import annotations

from datetime import datetime

from lms.models import Course, Lesson, Person
from lms.services.credits import certificates, ledger


def on_lesson_completed(person: Person, *, lesson: Lesson, now: datetime) -> None:
    ledger.award_lesson(person, lesson, now)


def on_course_completed(person: Person, *, course: Course, now: datetime) -> None:
    ledger.award_course(person, course, now)
    certificates.issue_certificate(person, course, now)
