"""The queue for SQLite's write lock (lms/sqlite_write_lock.py) and the progress
endpoint's read-first transaction."""

import sqlite3
import threading
import time

import pytest

from lms.sqlite_write_lock import WriteLockedConnection, lock_path


def connect(path):
    conn = sqlite3.connect(
        path,
        factory=WriteLockedConnection,
        isolation_level=None,
        check_same_thread=False,
    )
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=0")  # only the file lock may make a writer wait
    return conn


def test_a_queued_writer_starts_when_the_holder_commits(tmp_path):
    path = str(tmp_path / "lms.sqlite3")
    first, second = connect(path), connect(path)
    first.execute("CREATE TABLE t (x)")
    first.begin_immediate()
    first.execute("INSERT INTO t VALUES (1)")
    started = []

    def write():
        second.begin_immediate()  # without the queue: "database is locked" at once
        started.append(time.monotonic())
        second.execute("INSERT INTO t VALUES (2)")
        second.commit()

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(0.2)
    assert not started
    released = time.monotonic()
    first.commit()
    thread.join(10)
    assert started and started[0] >= released
    assert sorted(x for (x,) in first.execute("SELECT x FROM t")) == [1, 2]


def test_a_thread_never_waits_on_itself(tmp_path):
    path = str(tmp_path / "lms.sqlite3")
    first, second = connect(path), connect(path)
    first.begin_immediate()
    with pytest.raises(sqlite3.OperationalError):  # SQLite's own answer, no hang
        second.begin_immediate()
    first.rollback()
    second.begin_immediate()  # the lock was let go with the rollback
    second.commit()


@pytest.mark.parametrize(
    "database, expected",
    [
        ("/data/lms.sqlite3", "/data/lms.sqlite3.write-lock"),
        ("file:/data/lms.sqlite3?cache=shared", "/data/lms.sqlite3.write-lock"),
        (":memory:", None),
        ("file:x?mode=memory", None),
    ],
)
def test_lock_file_sits_beside_the_database(database, expected):
    assert lock_path(database) == expected
