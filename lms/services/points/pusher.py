"""The pusher's own state: stopped by the receiver (until an administrator resumes
it), and the back-off after transient failures (exponential with jitter, the first
retry within a minute, capped at one hour; a `Retry-After` from the receiver wins)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.models import Person, PointsPusher
from lms.services.credits import ledger as credits
from lms.services.errors import Conflict

PUSHER_ID = 1
BACKOFF_BASE_S = 30.0
BACKOFF_CAP_S = 3600.0
RETRY_AFTER_CAP_S = 24 * 3600.0
ERROR_MAX = 2000


def current() -> PointsPusher:
    """The state as stored, or a blank one (not added to the session) for readers."""
    return db.session.get(PointsPusher, PUSHER_ID) or PointsPusher(
        id=PUSHER_ID, failures=0
    )


def for_update() -> PointsPusher:
    """The state row, created on first use (a racing creator loses harmlessly)."""
    row = db.session.get(PointsPusher, PUSHER_ID)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            db.session.add(PointsPusher(id=PUSHER_ID, failures=0))
    except IntegrityError:
        pass
    return db.session.get(PointsPusher, PUSHER_ID)


def is_due(state: PointsPusher, now: datetime) -> bool:
    return state.next_attempt_at is None or state.next_attempt_at <= now


def backoff_seconds(failures: int, rng: random.Random | None = None) -> float:
    """Delay after `failures` transient failures in a row: half the ceiling plus a
    random half ("equal jitter"); the ceiling doubles from 30 s up to one hour."""
    ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, failures - 1))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


def record_success(state: PointsPusher, now: datetime) -> None:
    state.failures, state.next_attempt_at = 0, None
    state.last_attempt_at = state.last_success_at = now
    state.last_error = None


def record_failure(
    state: PointsPusher,
    error: str,
    retry_after: float | None,
    now: datetime,
    rng: random.Random | None = None,
) -> None:
    """A transient failure: try again after the back-off (or the receiver's Retry-After)."""
    state.failures = (state.failures or 0) + 1
    delay = backoff_seconds(state.failures, rng)
    if retry_after is not None:
        delay = min(max(retry_after, 0.0), RETRY_AFTER_CAP_S)
    state.next_attempt_at = now + timedelta(seconds=delay)
    state.last_attempt_at, state.last_error = now, error[:ERROR_MAX]


def record_stop(state: PointsPusher, status: int, error: str, now: datetime) -> None:
    """The receiver refused us (400/401/403/404...): stop until an admin resumes."""
    state.stopped_at, state.stop_status = now, status
    state.stop_error = error[:ERROR_MAX]
    state.last_attempt_at, state.last_error = now, error[:ERROR_MAX]


def resume(admin: Person, now: datetime) -> PointsPusher:
    """Clear the stop (and any back-off) so the next push runs, with an audit line."""
    state = for_update()
    if not state.is_stopped:
        raise Conflict(_l("Pushing is not stopped."), code="not_stopped")
    reason = f"resumed after HTTP {state.stop_status}: {state.stop_error or ''}"
    state.stopped_at = state.stop_status = state.stop_error = None
    state.failures, state.next_attempt_at = 0, None
    credits.audit(admin, "resume_push", reason, now)
    db.session.flush()
    return state
