"""The points channel's sender state (`outbox.state`, channel "points"), as the
administrators' page and the command line read it, and "resume" with an audit line."""

from __future__ import annotations

from datetime import datetime

from lms.models import OutboxChannel, Person
from lms.services.credits import ledger as credits
from lms.services.outbox import state

CHANNEL = "points"


def current() -> OutboxChannel:
    return state.current(CHANNEL)


def for_update() -> OutboxChannel:
    return state.for_update(CHANNEL)


def resume(admin: Person | None, now: datetime) -> OutboxChannel:
    """Lift a stop so the next push runs; `admin` None: from the command line."""
    was = state.resume(CHANNEL)
    credits.audit(admin, "resume_push", was, now)
    return current()
