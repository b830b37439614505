"""Database engine details: SQLite in WAL mode with foreign keys and a busy timeout,
and where each transaction begins: holding the write lock, or read-only until
`lms.writing.begin_writing()` (the one way to write; see lms/writing.py).

On SQLite a request's transaction begins IMMEDIATE (queued for the write lock) when its
method writes (POST, PUT, PATCH, DELETE) and its view is not marked `reads_first`;
otherwise DEFERRED, and then guarded when `LMS_WRITE_GUARD` is on (tests): a write
before `begin_writing()` raises. Outside requests (CLI, tasks, tests) transactions
begin DEFERRED and unguarded.
"""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event

from lms.extensions import db
from lms.sqlite_write_lock import WriteLockedConnection

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def configure(app: Flask) -> None:
    app.config.setdefault("LMS_WRITE_GUARD", app.testing)
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
    if not has_request_context():
        dbapi_connection.begin_deferred()
    elif _writes_from_start():
        dbapi_connection.begin_immediate()
    else:
        dbapi_connection.begin_deferred(current_app.config["LMS_WRITE_GUARD"])


def _writes_from_start() -> bool:
    if request.method in READ_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(view, "_reads_first", False)
