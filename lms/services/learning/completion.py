"""The completion rule, in one place: used by the API, the pages and the tasks alike.

A lesson is completed when its video (if any) is covered to the course's required
ratio (90 % by default), its guide is read (if it has no video, or the course asks
for it), and its quiz (if any) is passed. A course is completed when all its lessons
are (`completed_courses`, the one definition, in SQL for the others to reuse).
Completing announces itself (`learning.events`); credits, certificates, statements and
counters react there, so learning imports none of them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select

from lms.extensions import db
from lms.models import Course, Lesson, LessonProgress, Person
from lms.services.learning import events


def is_complete(lesson: Lesson, row: LessonProgress) -> bool:
    course = lesson.course
    if lesson.video_duration_s:
        needed = float(course.required_watch_ratio) * lesson.video_duration_s
        if row.watched_seconds + 0.5 < needed:
            return False
    if (
        not lesson.video_duration_s or course.requires_guide_read
    ) and not row.guide_read_at:
        return False
    return not lesson.has_quiz or row.quiz_passed_at is not None


def complete_if_done(
    person: Person, lesson: Lesson, row: LessonProgress, now: datetime
) -> bool:
    """Mark the lesson completed if the rule now holds, and announce it (and its
    course, when this was the last lesson). True when it completed just now."""
    if row.completed_at is not None or not is_complete(lesson, row):
        return False
    row.completed_at = now
    db.session.flush()
    events.lesson_completed.send(person, lesson=lesson, now=now)
    if course_completed_at(person, lesson.course) is not None:
        events.course_completed.send(person, course=lesson.course, now=now)
    return True


def completed_courses(
    person_id: int | None = None, course_id: int | None = None
) -> Select:
    """THE definition of a completed course, as a query of (person_id, course_id,
    completed_at): every lesson of the course (one at least) is completed;
    `completed_at` is the last lesson's completion. Narrowed to a person or a course
    when given."""
    lp = LessonProgress
    size = select(Lesson.course_id, func.count().label("n")).group_by(Lesson.course_id)
    done = (
        select(
            lp.person_id,
            Lesson.course_id,
            func.max(lp.completed_at).label("completed_at"),
        )
        .join(Lesson, Lesson.id == lp.lesson_id)
        .where(lp.completed_at.is_not(None))
    )
    if person_id is not None:
        done = done.where(lp.person_id == person_id)
    if course_id is not None:
        size = size.where(Lesson.course_id == course_id)
        done = done.where(Lesson.course_id == course_id)
    size = size.subquery()
    return (
        done.join(size, size.c.course_id == Lesson.course_id)
        .group_by(lp.person_id, Lesson.course_id, size.c.n)
        .having(func.count() == size.c.n)
    )


def course_completed_at(person: Person, course: Course) -> datetime | None:
    """When the person completed the course (its last lesson), or None."""
    query = completed_courses(person.id, course.id).subquery()
    return db.session.scalar(select(query.c.completed_at))
