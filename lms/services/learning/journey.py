"""What comes next for a worker: the lesson to continue (next up), and the lesson's
checklist of what completion needs and what is left (the parts of the rule in
`completion`, shown one by one)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lms.extensions import db
from lms.models import Course, CourseStatus, Lesson, LessonProgress, Person

END_MARGIN_S = 3.0  # a position this close to the end starts the lesson again


@dataclass(frozen=True)
class NextUp:
    lesson: Lesson
    position: float  # where to start playing (0: from the beginning)
    is_started: bool


def start_position(lesson: Lesson, row: LessonProgress | None) -> float:
    """Where the lesson resumes: its saved place, or 0 when finished or at its end."""
    if row is None or row.completed_at is not None:
        return 0.0
    end = lesson.video_duration_s or 0.0
    return 0.0 if end and row.position >= end - END_MARGIN_S else row.position


def next_up(person: Person) -> NextUp | None:
    """The lesson to continue: the last one touched if unfinished, else the next
    unfinished lesson of its course, else of the other published courses."""
    rows = _rows(person)
    last = max(rows.values(), key=lambda r: (r.updated_at, r.id), default=None)
    courses = _published_courses()
    if last is not None:
        lesson = last.lesson
        courses.sort(key=lambda c: c.id != lesson.course_id)  # its own course first
        if last.completed_at is None and lesson.course.status == CourseStatus.PUBLISHED:
            return NextUp(lesson, start_position(lesson, last), True)
    for course in courses:
        for lesson in course.lessons:
            row = rows.get(lesson.id)
            if row is None or row.completed_at is None:
                return NextUp(lesson, start_position(lesson, row), row is not None)
    return None


def next_in_course(person: Person, lesson: Lesson) -> Lesson | None:
    """The first unfinished lesson of the course after (or else before) `lesson`."""
    rows = _rows(person)
    lessons = lesson.course.lessons
    index = lessons.index(lesson) if lesson in lessons else 0
    for candidate in lessons[index + 1 :] + lessons[:index]:
        row = rows.get(candidate.id)
        if row is None or row.completed_at is None:
            return candidate
    return None


def _rows(person: Person) -> dict[int, LessonProgress]:
    query = select(LessonProgress).where(LessonProgress.person_id == person.id)
    return {row.lesson_id: row for row in db.session.scalars(query)}


def _published_courses() -> list[Course]:
    query = select(Course).where(Course.status == CourseStatus.PUBLISHED)
    return list(db.session.scalars(query.order_by(Course.id)))


@dataclass(frozen=True)
class Step:
    kind: str  # "video", "guide" or "quiz"
    done: bool
    seconds_left: float = 0.0  # video only: covered seconds still needed


def checklist(lesson: Lesson, row: LessonProgress | None) -> list[Step]:
    """What completing the lesson needs, step by step (as `completion.is_complete`)."""
    course = lesson.course
    steps = []
    if lesson.video_duration_s:
        needed = float(course.required_watch_ratio) * lesson.video_duration_s
        watched = row.watched_seconds if row else 0.0
        left = max(0.0, needed - watched - 0.5)
        steps.append(Step("video", left == 0.0, left))
    if not lesson.video_duration_s or course.requires_guide_read:
        steps.append(Step("guide", bool(row and row.guide_read_at)))
    if lesson.has_quiz:
        steps.append(Step("quiz", bool(row and row.quiz_passed_at)))
    return steps
