"""Background jobs on Huey: SQLite in the data dir by default, Redis with LMS_REDIS_URL.

Task functions are plain functions; the consumer runs them inside an app context.
Start a worker with `huey_consumer lms.tasks.huey`.
"""

from __future__ import annotations

import os
from functools import cache

from huey import RedisHuey, SqliteHuey, crontab

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


def push_credits() -> dict:
    """Deliver queued credits to the points platform, respecting the back-off and a
    stop; runs in the current app context if there is one (tests), else the worker's."""
    from flask import current_app, has_app_context

    from lms.services.points_push import Settings, deliver

    if not has_app_context():
        with app().app_context():
            return push_credits()
    report = deliver(Settings.from_config(current_app.config))
    return {"outcome": report.outcome, "delivered": report.delivered, **report.counts}


push_credits_every_minute = huey.periodic_task(crontab(), name="push_credits")(
    push_credits
)


def push_xapi() -> dict:
    """Deliver due xAPI statements to the learning record store (no-op while
    LMS_XAPI_URL is unset); same app-context rule as `push_credits`."""
    from flask import current_app, has_app_context

    from lms.services.xapi_send import Settings, deliver

    if not has_app_context():
        with app().app_context():
            return push_xapi()
    report = deliver(Settings.from_config(current_app.config))
    return {"outcome": report.outcome, "delivered": report.delivered, **report.counts}


push_xapi_every_minute = huey.periodic_task(crontab(), name="push_xapi")(push_xapi)


def rebuild_search_index() -> int:
    """Rebuild the search index from the database (drops stale documents too); same
    app-context rule as `push_credits`. Course changes re-index their course at once
    (`search_index.reindex_course`); this is the background and nightly full rebuild."""
    from flask import has_app_context

    from lms.services import search_index

    if not has_app_context():
        with app().app_context():
            return rebuild_search_index()
    return search_index.rebuild()


rebuild_search_index_task = huey.task(name="rebuild_search_index")(
    rebuild_search_index
)
rebuild_search_index_nightly = huey.periodic_task(
    crontab(hour="3", minute="17"), name="rebuild_search_index_nightly"
)(rebuild_search_index)


def deliver_notifications() -> int:
    """Send the notification outbox's due SMS (nothing in quiet hours); same
    app-context rule as `push_credits`. Returns how many were sent."""
    from flask import has_app_context

    from lms.extensions import db
    from lms.models.base import utcnow
    from lms.services import notifications

    if not has_app_context():
        with app().app_context():
            return deliver_notifications()
    sent = notifications.deliver_sms(utcnow())
    db.session.commit()
    return sent


deliver_notifications_every_5_minutes = huey.periodic_task(
    crontab(minute="*/5"), name="deliver_notifications"
)(deliver_notifications)


def rebuild_union_counters() -> dict:
    """Recount the union dashboards' counters from the progress rows (they are kept
    up to date on completion; this nightly run repairs any drift)."""
    from flask import has_app_context

    from lms.extensions import db
    from lms.services import union_counters

    if not has_app_context():
        with app().app_context():
            return rebuild_union_counters()
    counts = union_counters.rebuild()
    db.session.commit()
    return counts


rebuild_union_counters_nightly = huey.periodic_task(
    crontab(hour="2", minute="41"), name="rebuild_union_counters_nightly"
)(rebuild_union_counters)
