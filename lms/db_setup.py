"""Database engine details: SQLite in WAL mode with foreign keys and a busy timeout,
and transactions that take SQLite's write lock up front when they will write.

In WAL mode a transaction that starts as a reader and later writes fails at once
("database is locked") if another writer committed in between, whatever the busy
timeout. So on SQLite a request's transaction begins IMMEDIATE (waiting its turn for the
write lock) unless the request is read-only: GET/HEAD/OPTIONS, except views marked
`writes_on_get` (opening a lesson records when it was first opened). Outside requests
(CLI, tasks, tests) transactions stay DEFERRED, so a reader never holds the lock.

A busy writing view can be marked `reads_first`: it authenticates and looks things up
in a DEFERRED transaction, then calls `begin_writing()`, which ends that read-only
transaction and begins one holding the write lock on the same connection (what was read
stays in the session). The lock is then held only for the writing part, and the reads
see what PostgreSQL's READ COMMITTED would show them anyway.

Writers queue for that turn on a `flock` beside the database (`sqlite_write_lock`)
before BEGIN IMMEDIATE, so a waiting worker wakes the moment the holder commits
instead of sleeping through SQLite's busy handler (1, 2, 5, 10 … ms back-off).
SQLite's own lock stays the authority; the file lock only orders the queue.
"""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event

from lms.extensions import db
from lms.sqlite_write_lock import WriteLockedConnection

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def writes_on_get(view):
    """Mark a GET view that writes, so its transaction takes the write lock on SQLite."""
    view._writes_on_get = True
    return view


def reads_first(view):
    """Mark a writing view whose transaction stays read-only until `begin_writing()`."""
    view._reads_first = True
    return view


def begin_writing() -> None:
    """From here on the request writes. On SQLite the read-only transaction so far ends
    and one holding the write lock begins (queued for it), on the same connection, so
    the objects already read stay in the session as read. On PostgreSQL nothing changes:
    its transactions write without a lock up front."""
    if g.get("db_writing"):
        return
    connection = db.session.connection()  # begins (DEFERRED) if nothing was read yet
    g.db_writing = True
    if connection.dialect.name != "sqlite":
        return
    dbapi_connection = connection.connection.dbapi_connection
    dbapi_connection.execute("COMMIT")  # the reads so far: nothing to write
    _begin_immediate(dbapi_connection)


def configure(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "do_connect", _sqlite_factory)
            event.listen(db.engine, "connect", _sqlite_connect)
            event.listen(db.engine, "begin", _sqlite_begin)


def _sqlite_factory(_dialect, _record, cargs, cparams) -> None:
    cparams.setdefault("factory", WriteLockedConnection)


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (_sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn) -> None:
    dbapi_connection = conn.connection.dbapi_connection
    if _read_only():
        dbapi_connection.execute("BEGIN DEFERRED")
    else:
        _begin_immediate(dbapi_connection)


def _begin_immediate(dbapi_connection) -> None:
    if isinstance(dbapi_connection, WriteLockedConnection):
        dbapi_connection.begin_immediate()
    else:
        dbapi_connection.execute("BEGIN IMMEDIATE")


def _read_only() -> bool:
    if not has_request_context():
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method not in READ_METHODS:
        return getattr(view, "_reads_first", False) and not g.get("db_writing")
    return not getattr(view, "_writes_on_get", False)
