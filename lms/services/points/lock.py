"""One pusher at a time: the outbox core's one-sender lock for the points channel."""

from __future__ import annotations

from sqlalchemy import Engine

from lms.services.outbox.lock import single_sender


def single_pusher(engine: Engine, wait_s: float = 0.0):
    """Yields True when this process is the pusher (waiting up to `wait_s`)."""
    return single_sender(engine, "points", wait_s)
