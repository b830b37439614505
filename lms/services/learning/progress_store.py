"""The lesson, the progress row and its events on the busy path (`progress.record_progress`,
about 1,000 calls a second at a city's lunch break): read and written with prepared
statements (`lms.prepared`), without the ORM's loading and unit of work, so the call
is cheap and the write lock is held briefly. The rules stay in `progress` and
`completion`: they read a `LessonFacts` as they would a `Lesson`, and read and change
a `ProgressState` as they would a `LessonProgress`."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, select, text, update

from lms.extensions import db
from lms.models import Course, CourseStatus, Lesson, LessonProgress, ProgressEvent
from lms.prepared import Prepared
from lms.services.errors import NotFound
from lms.services.lookup import NO_LESSON, int_id

WRITTEN = (
    "position",
    "watched_seconds",
    "intervals",
    "client_windows",
    "dropped_events",
    "last_accepted_at",
    "updated_at",
)  # what recording events may change; completing goes through the ORM


@dataclass
class ProgressState:
    """A lesson_progress row as plain values (same names as `LessonProgress`)."""

    id: int
    person_id: int
    lesson_id: int
    position: float
    watched_seconds: float
    intervals: list
    client_windows: list
    dropped_events: int
    last_accepted_at: datetime | None
    first_opened_at: datetime
    guide_read_at: datetime | None
    quiz_passed_at: datetime | None
    completed_at: datetime | None
    updated_at: datetime


@dataclass
class CourseFacts:
    """What the rules read of a lesson's course (same names as `Course`)."""

    id: int
    status: str
    required_watch_ratio: Decimal
    requires_guide_read: bool


@dataclass
class LessonFacts:
    """What the rules read of a lesson (same names as `Lesson`)."""

    id: int
    course_id: int
    video_duration_s: float | None
    has_quiz: bool
    course: CourseFacts


_LESSON_FIELDS = [f.name for f in fields(LessonFacts) if f.name != "course"]
_LESSON = Prepared(
    select(
        *(Lesson.__table__.c[name] for name in _LESSON_FIELDS),
        *(Course.__table__.c[f.name] for f in fields(CourseFacts)),
    )
    .join(Course, Course.id == Lesson.course_id)
    .where(Lesson.id == bindparam("lesson_id"))
)


def published_lesson(lesson_id: int | str) -> LessonFacts:
    """The lesson's facts, if it is in a published course (else 404, as `catalogue`)."""
    found = _LESSON.first(db.session, {"lesson_id": int_id(lesson_id)})
    split = len(_LESSON_FIELDS)
    lesson = LessonFacts(*found[:split], CourseFacts(*found[split:])) if found else None
    if lesson is None or lesson.course.status != CourseStatus.PUBLISHED:
        raise NotFound(NO_LESSON)
    return lesson


_table = LessonProgress.__table__
_SELECT = Prepared(
    select(*(_table.c[f.name] for f in fields(ProgressState)))
    .where(
        _table.c.person_id == bindparam("person_id"),
        _table.c.lesson_id == bindparam("lesson_id"),
    )
    .with_for_update()  # PostgreSQL: concurrent calls for one row apply in turn
)
_UPDATE = Prepared(
    update(_table)
    .where(_table.c.id == bindparam("row_id"))
    .values({name: bindparam(f"new_{name}") for name in WRITTEN})
)


def _event_insert():
    """INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id: the same SQL on SQLite and
    PostgreSQL, so one statement serves both (the dialects' own ON CONFLICT inserts
    are separate constructs, one per dialect)."""
    table = ProgressEvent.__table__
    names = [column.name for column in table.c]
    sql = (
        f"INSERT INTO {table.name} ({', '.join(names)}) "
        f"VALUES ({', '.join(':' + name for name in names)}) "
        "ON CONFLICT (id) DO NOTHING RETURNING id"
    )
    binds = [bindparam(column.name, type_=column.type) for column in table.c]
    return Prepared(text(sql).bindparams(*binds))


_EVENT_INSERT = _event_insert()


def locked(person_id: int, lesson_id: int) -> ProgressState | None:
    """The person's row for the lesson, locked for this transaction (None if absent)."""
    keys = {"person_id": person_id, "lesson_id": lesson_id}
    found = _SELECT.first(db.session, keys)
    return ProgressState(*found) if found is not None else None


def save(state: ProgressState) -> None:
    values = {f"new_{name}": getattr(state, name) for name in WRITTEN}
    _UPDATE.rows(db.session, {"row_id": state.id, **values})


def add_event(values: dict) -> bool:
    """Store an event unless its id is known already; whether it was new."""
    return _EVENT_INSERT.first(db.session, values) is not None
