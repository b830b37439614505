"""One sender a channel at a time: a lock the operating system or the database drops
by itself when its holder dies (SIGKILL included), so a crashed sender never blocks
the next.

PostgreSQL: a session advisory lock on a connection of its own (several machines).
SQLite: `flock` on a file beside the database (one machine by definition).
Two senders at once would still be safe (receivers de-duplicate on our ids); the lock
only saves sending everything twice.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text

# PostgreSQL advisory lock keys, one a channel (the credits ledger's is 7_240_001).
LOCK_KEYS = {"points": 7_240_002, "xapi": 7_240_003}


def _poll(attempt: Callable[[], bool], wait_s: float) -> bool:
    deadline = time.monotonic() + wait_s
    while True:
        if attempt():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


@contextmanager
def single_sender(engine: Engine, channel: str, wait_s: float = 0.0) -> Iterator[bool]:
    """Yields True when this process is the channel's sender (waiting up to `wait_s`)."""
    if engine.dialect.name == "postgresql":
        with _advisory(engine, LOCK_KEYS[channel], wait_s) as held:
            yield held
    elif engine.url.database and engine.url.database != ":memory:":
        with _flock(f"{engine.url.database}.{channel}-send-lock", wait_s) as held:
            yield held
    else:
        yield True


@contextmanager
def _advisory(engine: Engine, key: int, wait_s: float) -> Iterator[bool]:
    lock, unlock = "SELECT pg_try_advisory_lock(:k)", "SELECT pg_advisory_unlock(:k)"
    with engine.connect() as conn:

        def attempt() -> bool:
            held = bool(conn.scalar(text(lock), {"k": key}))
            conn.commit()
            return held

        held = _poll(attempt, wait_s)
        try:
            yield held
        finally:
            if held:
                conn.execute(text(unlock), {"k": key})
                conn.commit()


@contextmanager
def _flock(path: str, wait_s: float) -> Iterator[bool]:
    with open(path, "a") as handle:

        def attempt() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        held = _poll(attempt, wait_s)
        try:
            yield held
        finally:
            if held:
                fcntl.flock(handle, fcntl.LOCK_UN)
