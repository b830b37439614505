"""Database engine details: SQLite in WAL mode with foreign keys and a busy timeout,
and transactions that take SQLite's write lock up front when they will write.

In WAL mode a transaction that starts as a reader and later writes fails at once
("database is locked") if another writer committed in between, whatever the busy
timeout. So on SQLite a request's transaction begins IMMEDIATE (waiting its turn for the
write lock) unless the request is read-only: GET/HEAD/OPTIONS, except views marked
`writes_on_get` (opening a lesson records when it was first opened). Outside requests
(CLI, tasks, tests) transactions stay DEFERRED, so a reader never holds the lock.
"""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event

from lms.extensions import db

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def writes_on_get(view):
    """Mark a GET view that writes, so its transaction takes the write lock on SQLite."""
    view._writes_on_get = True
    return view


def configure(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_connect)
            event.listen(db.engine, "begin", _sqlite_begin)


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (_sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN DEFERRED" if _read_only() else "BEGIN IMMEDIATE")


def _read_only() -> bool:
    if not has_request_context():
        return True
    if request.method not in READ_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(view, "_writes_on_get", False)
