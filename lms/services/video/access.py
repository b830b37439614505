"""Who may manage a lesson's video: trainers for their own school's courses, admins all."""

from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.models import Course, Lesson, Person, Role
from lms.services.errors import Forbidden, NotFound


def can_edit(person: Person, course: Course) -> bool:
    if person.has_role(Role.ADMIN):
        return True
    return (
        person.has_role(Role.TRAINER)
        and course.school_id is not None
        and course.school_id == person.organisation_id
    )


def editable_lesson(person: Person, lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound()
    if not can_edit(person, lesson.course):
        raise Forbidden()
    return lesson


def editable_courses(person: Person) -> list[Course]:
    query = select(Course).order_by(Course.code)
    if not person.has_role(Role.ADMIN):
        query = query.where(Course.school_id == person.organisation_id)
    return [c for c in db.session.scalars(query) if can_edit(person, c)]
