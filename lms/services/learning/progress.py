"""Recording watching progress: validating events, accepting only plausible media time,
and completing the lesson when the rule says so (learner-api.md, "Watching: progress")."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from blinker import signal
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from lms.extensions import db
from lms.models import Lesson, LessonProgress, Person
from lms.models.base import utcnow
from lms.services.errors import BadRequest
from lms.services.learning import completion, coverage, progress_store
from lms.services.learning.progress_store import ProgressState
from lms.writing import begin_writing

MAX_EVENTS = 200
LIVE_WINDOW = timedelta(
    seconds=45
)  # an event this fresh is judged by the server's clock
CLOCK_SKEW = timedelta(
    seconds=120
)  # tolerated difference between phone and server clocks
SLACK_S = 3.0  # network jitter allowed on top of rate x elapsed time
OVERLAP_TOLERANCE_S = 1.0
# Sent once per new (not replayed) event with `reason` None (accepted) or why it was
# dropped; the metrics count them.
heartbeat_judged = signal("lms.learning.heartbeat-judged")


@dataclass(frozen=True)
class Event:
    id: str
    start: float
    end: float
    rate: float
    at: datetime

    @property
    def wall_seconds(self) -> float:
        return (self.end - self.start) / self.rate


def parse_events(raw) -> list[Event]:
    """Validate the request's events; any bad one refuses the whole call (400)."""
    if not isinstance(raw, list) or len(raw) > MAX_EVENTS:
        raise _bad(_l("events must be a list of at most %(n)s items.", n=MAX_EVENTS))
    return [_parse_event(item) for item in raw]


def _parse_event(item) -> Event:
    if not isinstance(item, dict):
        raise _bad(_l("Each event must be an object."))
    try:
        event_id = str(uuid.UUID(str(item.get("id"))))
        start, end, rate = (_number(item.get(k)) for k in ("from", "to", "rate"))
        at = datetime.fromisoformat(str(item.get("at")))
    except (TypeError, ValueError) as exc:
        raise _bad(_l("An event has a missing or malformed field.")) from exc
    if at.tzinfo is None:
        raise _bad(_l("Event times need a UTC offset (RFC 3339)."))
    if start < 0 or end < 0 or start > end:
        raise _bad(_l("An event must have 0 <= from <= to."))
    if not 0.25 <= rate <= 2.0:
        raise _bad(_l("Playback rate must be between 0.25 and 2.0."))
    return Event(event_id, start, end, rate, at)


def _number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    if not math.isfinite(value):
        raise ValueError("not finite")
    return float(value)


def parse_position(raw) -> float | None:
    if raw is None:
        return None
    try:
        position = _number(raw)
    except ValueError as exc:
        raise _bad(_l("position must be a number of seconds.")) from exc
    if position < 0:
        raise _bad(_l("position must be a number of seconds."))
    return position


def _bad(message) -> BadRequest:
    return BadRequest(message, code="invalid_event")


def open_lesson(
    person: Person, lesson: Lesson, now: datetime | None = None
) -> LessonProgress:
    """The person's progress row, created the first time they open (or download) it."""
    row = _find(person, lesson)
    if row is not None:
        return row
    begin_writing()
    return _create(person, lesson, now or utcnow())


# Statements built once: building them costs more than running them.
_ROW = select(LessonProgress).where(
    LessonProgress.person_id == bindparam("person_id"),
    LessonProgress.lesson_id == bindparam("lesson_id"),
)
# Concurrent calls for the same row then apply one after another.
_LOCKED_ROW = _ROW.with_for_update().execution_options(populate_existing=True)


def _find(person: Person, lesson: Lesson, lock: bool = False) -> LessonProgress | None:
    keys = {"person_id": person.id, "lesson_id": lesson.id}
    return db.session.scalar(_LOCKED_ROW if lock else _ROW, keys)


def _create(person: Person, lesson: Lesson, now: datetime) -> LessonProgress:
    values = {"person_id": person.id, "lesson_id": lesson.id, "first_opened_at": now}
    values |= {"updated_at": now, "intervals": [], "client_windows": []}
    db.session.execute(_insert_ignoring_duplicates(LessonProgress, values))
    return _find(person, lesson)


def _insert_ignoring_duplicates(model, values: dict, key: list[str] | None = None):
    """INSERT ... ON CONFLICT DO NOTHING, on SQLite and PostgreSQL alike."""
    dialect = db.session.get_bind().dialect.name
    insert = {"sqlite": sqlite_insert, "postgresql": pg_insert}[dialect]
    return insert(model).values(**values).on_conflict_do_nothing(index_elements=key)


def record_progress(
    person: Person,
    lesson: Lesson,
    position: float | None,
    events: list[Event],
    now: datetime | None = None,
) -> tuple[Row, bool]:
    """Apply the events (replays ignored, implausible ones dropped and counted), save the
    position, and complete the lesson if this made it complete (then True)."""
    now = now or utcnow()
    row = progress_store.locked(person.id, lesson.id)
    if row is None:
        _create(person, lesson, now)
        row = progress_store.locked(person.id, lesson.id)
    _apply_all(row, lesson, events, now)
    if position is not None:
        row.position = min(position, lesson.video_duration_s or position)
    row.updated_at = now
    progress_store.save(row)
    if row.completed_at is not None or not completion.is_complete(lesson, row):
        return row, False
    lesson = db.session.get(Lesson, lesson.id)  # completing goes by the ORM
    row = _find(person, lesson, lock=True)  # as just saved
    return row, completion.complete_if_done(person, lesson, row, now)


def locked_row(person: Person, lesson: Lesson, now: datetime) -> LessonProgress:
    """The person's progress row (created if missing), held until the transaction
    ends: concurrent callers for the same row take turns (the write lock on SQLite,
    the row lock on PostgreSQL)."""
    begin_writing()
    row = _find(person, lesson, lock=True)
    if row is None:
        _create(person, lesson, now)
        row = _find(person, lesson, lock=True)
    return row


Row = LessonProgress | ProgressState  # the rules read and change either alike


def _apply_all(row: Row, lesson: Lesson, events: list[Event], now: datetime) -> None:
    """Judge the request's events in the order they ended. The live ones share one
    budget: the server's clock since the previous accepted live event, plus slack
    (a phone back from a short outage sends several live events at once)."""
    since = row.last_accepted_at or row.first_opened_at
    budget = Budget((now - since).total_seconds() + SLACK_S)
    for event in sorted(events, key=lambda e: e.at):
        _apply(row, lesson, event, now, budget)
    if budget.spent > 0:
        row.last_accepted_at = now


@dataclass
class Budget:
    """Wall seconds the live events of one request may claim together."""

    allowed: float
    spent: float = 0.0


def _apply(
    row: Row, lesson: Lesson, event: Event, now: datetime, budget: Budget
) -> None:
    """Judge the event once: a replayed id (even one arriving concurrently) is ignored."""
    reason = implausible(row, event, now, budget)
    values = {
        "id": event.id,
        "progress_id": row.id,
        "start_s": event.start,
        "end_s": event.end,
        "rate": event.rate,
        "client_at": event.at,
        "received_at": now,
        "is_accepted": reason is None,
        "reason": reason,
    }
    if not progress_store.add_event(values):
        return
    heartbeat_judged.send(lesson, reason=reason)
    if reason is not None:
        row.dropped_events += 1
        return
    if is_live(event, now):
        budget.spent += event.wall_seconds
    _accept(row, lesson, event)


def is_live(event: Event, now: datetime) -> bool:
    """A live event is judged by the server's clock; an older one by its window."""
    return now - event.at <= LIVE_WINDOW


def implausible(
    row: Row, event: Event, now: datetime, budget: Budget | None = None
) -> str | None:
    """Why an event claims more media time than is physically possible, or None.
    `budget`: what the request's live events accepted so far left (default: the
    server's clock since the previous accepted live event, plus slack)."""
    window_end = event.at
    window_start = event.at - timedelta(seconds=event.wall_seconds)
    if window_end > now + CLOCK_SKEW:
        return "future"
    if window_start < row.first_opened_at - CLOCK_SKEW:
        return "before_opened"
    window = (window_start.timestamp(), window_end.timestamp())
    if coverage.overlaps(row.client_windows, window, OVERLAP_TOLERANCE_S):
        return "overlapping"
    if is_live(event, now):
        if budget is None:
            since = row.last_accepted_at or row.first_opened_at
            budget = Budget((now - since).total_seconds() + SLACK_S)
        if budget.spent + event.wall_seconds > budget.allowed:
            return "too_fast"
    return None


def _accept(row: Row, lesson: Lesson, event: Event) -> None:
    window = (
        (event.at - timedelta(seconds=event.wall_seconds)).timestamp(),
        event.at.timestamp(),
    )
    row.client_windows = [
        list(w) for w in coverage.merge(row.client_windows, window, gap=0)
    ]
    duration = lesson.video_duration_s or 0.0
    piece = coverage.clamp((event.start, event.end), duration)
    if piece is not None:
        row.intervals = [list(i) for i in coverage.merge(row.intervals, piece)]
        row.watched_seconds = coverage.covered(row.intervals)


def guide_dwell_seconds(lesson: Lesson) -> float:
    """How long a guide must have been open before it counts as read: about the time
    to skim it (15 characters a second), at least 10 s and at most 3 minutes."""
    return min(180.0, max(10.0, len(lesson.guide_md) / 15))


def mark_guide_read(
    person: Person, lesson: Lesson, now: datetime | None = None
) -> tuple[LessonProgress, bool]:
    """Count the guide as read if it has been open long enough; complete if done
    (then True)."""
    now = now or utcnow()
    row = locked_row(person, lesson, now)
    opened_for = (now - row.first_opened_at).total_seconds()
    if row.guide_read_at is None and opened_for >= guide_dwell_seconds(lesson):
        row.guide_read_at = now
    db.session.flush()
    return row, completion.complete_if_done(person, lesson, row, now)


def reopen(person: Person, lesson: Lesson, now: datetime) -> LessonProgress:
    """Start a completed lesson over (a refresher takes it again): the completion
    rule then applies afresh, and completing it announces itself again."""
    row = locked_row(person, lesson, now)
    row.completed_at = row.guide_read_at = row.quiz_passed_at = None
    row.watched_seconds, row.intervals, row.position = 0.0, [], 0.0
    row.first_opened_at = now
    db.session.flush()
    return row
