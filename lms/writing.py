"""The one way to write on SQLite: `begin_writing()` before a transaction's first
write, unless the transaction already holds the write lock.

Why: in WAL mode a transaction that began as a reader and later writes fails at once
("database is locked") if another writer committed in between, whatever the busy
timeout. So a transaction that writes must hold SQLite's write lock before anything
it writes, and one way takes it everywhere (views, services, tasks, CLI).

Which transactions hold the lock from their first statement (nothing to call):
- a request with POST, PUT, PATCH or DELETE, unless its view is marked `@reads_first`.

Everything else begins read-only (DEFERRED) and calls `begin_writing()` before writing:
- a GET view that writes (or the service that writes, just before it does);
- a `@reads_first` view, once it has authenticated, looked up and checked what it
  needs (the lock is then held only for the writing part);
- a task or CLI step, at the start of each transaction that writes (after each commit);
- a service that must serialise a read-then-write (e.g. one quiz start at a time).

`begin_writing()` ends the read-only transaction and begins one holding the write
lock (BEGIN IMMEDIATE, queued on `sqlite_write_lock`) on the same connection; what
was read stays in the session as read, as PostgreSQL's READ COMMITTED would show it.
When the transaction holds the lock already it does nothing. Call it before any
SAVEPOINT. On PostgreSQL it does nothing: its transactions write without a lock up
front (row locks, e.g. SELECT ... FOR UPDATE, still serialise what must be).

The guard: with `LMS_WRITE_GUARD` (on when TESTING), a request on SQLite whose
transaction writes without holding the lock raises `WriteWithoutLock` at that
statement, so a forgotten `begin_writing()` fails every test that takes the path
instead of only failing under load. Off in production; on PostgreSQL there is no guard.
"""

from __future__ import annotations

from lms.extensions import db
from lms.sqlite_write_lock import WriteLockedConnection, WriteWithoutLock

__all__ = ["WriteWithoutLock", "begin_writing", "reads_first"]


def begin_writing(connection=None) -> None:
    """From here to the commit, this transaction may write (see the module docstring).
    `connection`: a SQLAlchemy connection of its own (default: the session's)."""
    if connection is None:
        connection = db.session.connection()  # begins (DEFERRED) if nothing ran yet
    if connection.dialect.name != "sqlite":
        return
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, WriteLockedConnection):
        dbapi_connection.begin_writing()


def reads_first(view):
    """Mark a writing view (POST, ...) whose transaction begins read-only: it calls
    `begin_writing()` before it writes."""
    view._reads_first = True
    return view
