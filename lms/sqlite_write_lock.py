"""A queue for SQLite's write lock: an exclusive `flock` on a file beside the database,
taken before BEGIN IMMEDIATE and released once COMMIT or ROLLBACK has run.

The kernel wakes a waiter as soon as the holder lets go, where SQLite's busy handler
would sleep 1, 2, 5, 10 … ms between tries. Each connection has its own descriptor, so
threads and processes queue alike; SQLite's own lock remains the authority.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading

_holders: dict[int, WriteLockedConnection] = {}  # thread id -> connection holding


class WriteLockedConnection(sqlite3.Connection):
    """A sqlite3 connection whose write transactions queue on `<database>.write-lock`."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        self._lock_path = lock_path(os.fsdecode(database))
        self._lock_fd: int | None = None
        self._lock_pid = 0
        self._holder_thread: int | None = None

    def begin_immediate(self) -> None:
        self._acquire()
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._release()
            raise

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def close(self) -> None:
        self._release()
        if self._lock_fd is not None and self._lock_pid == os.getpid():
            os.close(self._lock_fd)
        self._lock_fd = None
        super().close()

    def _acquire(self) -> None:
        # A thread that already queued on another connection would wait on itself:
        # that connection then relies on SQLite's busy timeout, as without the queue.
        thread = threading.get_ident()
        if self._lock_path is None or thread in _holders:
            return
        if self._lock_fd is None or self._lock_pid != os.getpid():  # new or forked
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            self._lock_pid = os.getpid()
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self._holder_thread, _holders[thread] = thread, self

    def _release(self) -> None:
        if self._holder_thread is not None:
            _holders.pop(self._holder_thread, None)
            self._holder_thread = None
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)


def lock_path(database: str) -> str | None:
    """The lock file beside a database file; None for in-memory databases."""
    if database.startswith("file:"):
        database, _, query = database[5:].partition("?")
        if "mode=memory" in query:
            return None
    if database in ("", ":memory:"):
        return None
    return f"{database}.write-lock"
