"""The completion rule, in one place: used by the API, the pages and the tasks alike.

A lesson is completed when its video (if any) is covered to the course's required
ratio (90 % by default), its guide is read (if it has no video, or the course asks
for it), and its quiz (if any) is passed. Completing a lesson earns its credit hours
once; completing every lesson of a course earns the course bonus once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from lms.extensions import db
from lms.models import Course, CreditEntry, Lesson, LessonProgress, Person
from lms.services.credits import certificates
from lms.services.credits import ledger as credits
from lms.services.union import counters as union_counters
from lms.services.xapi import record as xapi


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
) -> CreditEntry | None:
    """Mark the lesson completed if the rule now holds; award its credit (once) and the
    course bonus when this was the last lesson. Returns the lesson's new ledger entry."""
    if row.completed_at is not None or not is_complete(lesson, row):
        return None
    row.completed_at = now
    db.session.flush()
    entry = credits.award_lesson(person, lesson, now)
    xapi.record_lesson_completed(person, lesson, now)
    course_done = course_completed(person, lesson.course)
    if course_done:
        credits.award_course(person, lesson.course, now)
        xapi.record_course_completed(person, lesson.course, now)
        certificates.issue_certificate(person, lesson.course, now)
    union_counters.on_lesson_completed(person, lesson, now, course_done=course_done)
    return entry


def course_completed(person: Person, course: Course) -> bool:
    lesson_ids = select(Lesson.id).where(Lesson.course_id == course.id)
    done = db.session.scalar(
        select(func.count())
        .select_from(LessonProgress)
        .where(LessonProgress.person_id == person.id)
        .where(LessonProgress.lesson_id.in_(lesson_ids))
        .where(LessonProgress.completed_at.is_not(None))
    )
    return done == len(course.lessons)
