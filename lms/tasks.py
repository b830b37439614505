"""Background jobs on Huey: SQLite in the data dir by default, Redis with LMS_REDIS_URL.

Task functions are plain functions; the consumer runs them inside an app context.
Start a worker with `huey_consumer lms.tasks.huey`.
"""

from __future__ import annotations

import os
from functools import cache

from huey import RedisHuey, SqliteHuey

from lms import config


def make_huey():
    if os.environ.get("LMS_REDIS_URL"):
        return RedisHuey("lms", url=os.environ["LMS_REDIS_URL"])
    return SqliteHuey("lms", filename=str(config.data_dir() / "jobs.sqlite3"))


huey = make_huey()


@cache
def app():
    """The Flask app a worker process runs its tasks in (created once per process)."""
    from lms import create_app

    return create_app()


@huey.task()
def ping() -> str:
    """A task that proves the worker runs tasks (used by the setup check)."""
    with app().app_context():
        return "pong"
