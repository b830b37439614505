"""The JSON shapes of the learner API, built from models (one place for each shape)."""

from __future__ import annotations

from decimal import Decimal

from lms.files import media_url
from lms.models import Course, Lesson, LessonProgress, Person
from lms.services.assessment import store as quiz_store
from lms.services.credits import ledger
from lms.services.video import store as video_store


def hours(value: Decimal | None) -> str:
    return f"{(value or Decimal('0')):.2f}"


def course_summary(course: Course, completed: int) -> dict:
    total = sum((lesson.credit_hours for lesson in course.lessons), Decimal("0"))
    return {
        "id": str(course.id),
        "code": course.code,
        "title": course.title,
        "summary": course.summary,
        "topic": course.topic,
        "lesson_count": len(course.lessons),
        "credit_hours": hours(total + course.bonus_credit_hours),
        "completed_lessons": completed,
    }


def lesson_summary(lesson: Lesson, progress: LessonProgress | None) -> dict:
    return {
        "id": str(lesson.id),
        "code": lesson.code,
        "title": lesson.title,
        "duration_s": lesson.duration_s,
        "credit_hours": hours(lesson.credit_hours),
        "has_video": bool(lesson.video_duration_s),
        "has_quiz": lesson.has_quiz,
        "completed": bool(progress and progress.completed_at),
    }


def progress(lesson: Lesson, row: LessonProgress | None) -> dict:
    watched = row.watched_seconds if row else 0.0
    video = lesson.video_duration_s
    ratio = min(1.0, watched / video) if video else 0.0
    return {
        "watched_seconds": round(watched, 1),
        "watched_ratio": round(ratio, 4),
        "position": round(row.position, 1) if row else 0.0,
        "guide_read": bool(row and row.guide_read_at),
        "quiz_passed": bool(row and row.quiz_passed_at),
        "completed": bool(row and row.completed_at),
    }


def lesson_detail(lesson: Lesson, row: LessonProgress | None, guide_html: str) -> dict:
    return {
        "id": str(lesson.id),
        "code": lesson.code,
        "title": lesson.title,
        "course_id": str(lesson.course_id),
        "duration_s": lesson.duration_s,
        "credit_hours": hours(lesson.credit_hours),
        "guide_html": guide_html,
        "video": video_store.video_object(lesson, media_url),
        "quiz": quiz_store.quiz_summary(lesson),
        "progress": progress(lesson, row),
    }


def progress_answer(
    person: Person, lesson: Lesson, row: LessonProgress, completed: bool
) -> dict:
    body = progress(lesson, row)
    body["credit"] = credit(person.id, lesson.id, completed)
    return body


def credit(person_pk: int, lesson_id: int, completed: bool) -> dict | None:
    """The ledger entry a completion just issued, or None: not completed now, or the
    daily cap holds the credit back for a later day."""
    entry = ledger.lesson_entry(person_pk, lesson_id) if completed else None
    return entry.as_contract() if entry is not None else None
