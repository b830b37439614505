"""The SQLite connection beneath `lms.writing`: it knows whether its transaction holds
the write lock, and queues for that lock.

The queue: an exclusive `flock` on a file beside the database, taken before BEGIN
IMMEDIATE and released once COMMIT or ROLLBACK has run. The kernel wakes a waiter as
soon as the holder lets go, where SQLite's busy handler would sleep 1, 2, 5, 10 … ms
between tries. Each connection has its own descriptor, so threads and processes queue
alike; SQLite's own lock remains the authority.

The guard: every cursor checks its statement before running it. A write in a
transaction that began read-only takes the lock there (as SQLite does), unless the
transaction is guarded: then it raises `WriteWithoutLock`.
"""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import threading

_holders: dict[int, WriteLockedConnection] = {}  # thread id -> connection holding


_WRITE = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b"
    r"|^\s*WITH\b.*\b(INSERT|UPDATE|DELETE|REPLACE)\b",
    re.IGNORECASE | re.DOTALL,
)


class WriteWithoutLock(RuntimeError):
    """A guarded transaction wrote without `lms.writing.begin_writing()` first."""


def is_write(sql: str) -> bool:
    return _WRITE.match(sql) is not None


class WriteLockedConnection(sqlite3.Connection):
    """A sqlite3 connection whose write transactions queue on `<database>.write-lock`
    and which knows whether its transaction holds the write lock."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        self._lock_path = lock_path(os.fsdecode(database))
        self._lock_fd: int | None = None
        self._lock_pid = 0
        self._holder_thread: int | None = None
        self.holds_write_lock = False  # this transaction may write
        self.guarded = False  # this transaction raises on a write without the lock

    def cursor(self, factory=None):
        return super().cursor(factory or CheckedCursor)

    def begin_immediate(self) -> None:
        """Begin a transaction holding the write lock (queued for it)."""
        self._acquire()
        try:
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._release()
            raise
        self.holds_write_lock, self.guarded = True, False

    def begin_deferred(self, guarded: bool = False) -> None:
        """Begin a read-only transaction; `guarded`: a write in it raises."""
        self.execute("BEGIN DEFERRED")
        self.holds_write_lock, self.guarded = False, guarded

    def begin_writing(self) -> None:
        """Hold the write lock from here on: a read-only transaction so far ends (it
        wrote nothing) and one holding the lock begins; nothing if held already."""
        if self.holds_write_lock:
            return
        if self.in_transaction:
            self.execute("COMMIT")  # the reads so far: nothing to write
        self.begin_immediate()

    def check(self, sql: str) -> None:
        """Before a statement: a write in a read-only transaction raises when guarded,
        else takes the lock there (SQLite's own way, safe only as the first statement)."""
        if self.holds_write_lock or not self.in_transaction or not is_write(sql):
            return
        if self.guarded:
            raise WriteWithoutLock(
                "This transaction writes without holding SQLite's write lock: call "
                "lms.writing.begin_writing() before its first write (see lms/writing.py)."
                f" Statement: {sql.strip()[:200]}"
            )
        self.holds_write_lock = True

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._end()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._end()

    def _end(self) -> None:
        self.holds_write_lock = self.guarded = False
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


class CheckedCursor(sqlite3.Cursor):
    """A cursor that lets its connection check each statement before it runs."""

    def execute(self, sql, parameters=(), /):
        self.connection.check(sql)
        return super().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):
        self.connection.check(sql)
        return super().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script, /):
        self.connection.check(sql_script)
        return super().executescript(sql_script)
