"""A channel's sender state (`OutboxChannel`, one row a channel): stopped by the
receiver until an administrator resumes it, and the back-off after transient failures
(exponential with jitter, the first retry within a minute, capped at one hour; a
`Retry-After` from the receiver wins, up to a day)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.models import OutboxChannel
from lms.services.errors import Conflict

BACKOFF_BASE_S = 30.0
BACKOFF_CAP_S = 3600.0
RETRY_AFTER_CAP_S = 24 * 3600.0
ERROR_MAX = 2000


def current(name: str) -> OutboxChannel:
    """The state as stored, or a blank one (not added to the session) for readers."""
    return db.session.get(OutboxChannel, name) or OutboxChannel(name=name, failures=0)


def for_update(name: str) -> OutboxChannel:
    """The state row, created on first use (a racing creator loses harmlessly)."""
    row = db.session.get(OutboxChannel, name)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            db.session.add(OutboxChannel(name=name, failures=0))
    except IntegrityError:
        pass
    return db.session.get(OutboxChannel, name)


def is_due(state: OutboxChannel, now: datetime, *, backoff: bool = True) -> bool:
    """Whether a send may go now: the receiver's `Retry-After` always counts, our
    own back-off only with `backoff` (a push by hand skips it)."""
    until = state.next_attempt_at if backoff else state.retry_after_until
    return until is None or until <= now


def backoff_seconds(failures: int, rng: random.Random | None = None) -> float:
    """Delay after `failures` transient failures in a row: half the ceiling plus a
    random half ("equal jitter"); the ceiling doubles from 30 s up to one hour."""
    ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, failures - 1))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


def record_success(state: OutboxChannel, now: datetime) -> None:
    state.failures, state.next_attempt_at, state.retry_after_until = 0, None, None
    state.last_attempt_at = state.last_success_at = now
    state.last_error = None


def record_failure(
    state: OutboxChannel,
    error: str,
    retry_after: float | None,
    now: datetime,
    rng: random.Random | None = None,
) -> None:
    """A transient failure: try again after the back-off (or the receiver's
    Retry-After, which is then remembered as the receiver's)."""
    state.failures = (state.failures or 0) + 1
    delay = backoff_seconds(state.failures, rng)
    state.retry_after_until = None
    if retry_after is not None:
        delay = min(max(retry_after, 0.0), RETRY_AFTER_CAP_S)
        state.retry_after_until = now + timedelta(seconds=delay)
    state.next_attempt_at = now + timedelta(seconds=delay)
    state.last_attempt_at, state.last_error = now, error[:ERROR_MAX]


def record_stop(state: OutboxChannel, status: int, error: str, now: datetime) -> None:
    """The receiver refused us (400/401/403/404...): stop until an admin resumes."""
    state.stopped_at, state.stop_status = now, status
    state.stop_error = error[:ERROR_MAX]
    state.last_attempt_at, state.last_error = now, error[:ERROR_MAX]


def resume(name: str) -> str:
    """Lift the stop (and any back-off) so the next run sends; returns what the stop
    was, for the channel's audit line. Not stopped: Conflict."""
    state = for_update(name)
    if not state.is_stopped:
        raise Conflict(_l("Pushing is not stopped."), code="not_stopped")
    was = f"resumed after HTTP {state.stop_status}: {state.stop_error or ''}"
    state.stopped_at = state.stop_status = state.stop_error = None
    state.failures, state.next_attempt_at, state.retry_after_until = 0, None, None
    db.session.flush()
    return was
