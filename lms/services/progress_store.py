"""The progress row and its events on the busy path (`progress.record_progress`): read
under lock and written back with statements built once, without the ORM's unit of
work, so the write lock is held briefly. The rules stay in `progress` and `completion`:
they read and change a `ProgressState` as they would a `LessonProgress`."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import bindparam, select, text, update

from lms.extensions import db
from lms.models import LessonProgress, ProgressEvent

WRITTEN = (
    "position", "watched_seconds", "intervals", "client_windows", "dropped_events",
    "last_accepted_at", "updated_at",
)  # fmt: skip  # what recording events may change; completing goes through the ORM


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


_table = LessonProgress.__table__
_SELECT = (
    select(*(_table.c[f.name] for f in fields(ProgressState)))
    .where(
        _table.c.person_id == bindparam("person_id"),
        _table.c.lesson_id == bindparam("lesson_id"),
    )
    .with_for_update()  # PostgreSQL: concurrent calls for one row apply in turn
)
_UPDATE = (
    update(_table)
    .where(_table.c.id == bindparam("row_id"))
    .values({name: bindparam(f"new_{name}") for name in WRITTEN})
)


def _event_insert():
    """INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id: the same SQL on SQLite and
    PostgreSQL. As text it is compiled once; SQLAlchemy compiles the dialects' ON
    CONFLICT insert constructs anew at every use (they cannot be cached)."""
    table = ProgressEvent.__table__
    names = [column.name for column in table.c]
    sql = (
        f"INSERT INTO {table.name} ({', '.join(names)}) "
        f"VALUES ({', '.join(':' + name for name in names)}) "
        "ON CONFLICT (id) DO NOTHING RETURNING id"
    )
    binds = [bindparam(column.name, type_=column.type) for column in table.c]
    return text(sql).bindparams(*binds)


_EVENT_INSERT = _event_insert()


def locked(person_id: int, lesson_id: int) -> ProgressState | None:
    """The person's row for the lesson, locked for this transaction (None if absent)."""
    keys = {"person_id": person_id, "lesson_id": lesson_id}
    found = db.session.connection().execute(_SELECT, keys).first()
    return ProgressState(*found) if found is not None else None


def save(state: ProgressState) -> None:
    values = {f"new_{name}": getattr(state, name) for name in WRITTEN}
    db.session.connection().execute(_UPDATE, {"row_id": state.id, **values})


def add_event(values: dict) -> bool:
    """Store an event unless its id is known already; whether it was new."""
    inserted = db.session.connection().execute(_EVENT_INSERT, values).first()
    return inserted is not None
