"""Background jobs on Huey: SQLite in the data dir by default, Redis with LMS_REDIS_URL.

Task functions are plain functions; the consumer runs them inside an app context.
Start a worker with `huey_consumer lms.tasks.huey`.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

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


def local_daily(hour: int, minute: int):
    """A Huey schedule: every day at hour:minute local time (LMS_TIMEZONE). Huey checks
    its schedules each minute with a naive UTC time (its `utc=True` default)."""

    def due(timestamp: datetime) -> bool:
        local = timestamp.replace(tzinfo=UTC).astimezone(
            ZoneInfo(config.timezone_name())
        )
        return (local.hour, local.minute) == (hour, minute)

    return due


@huey.task()
def ping() -> str:
    """A task that proves the worker runs tasks (used by the setup check)."""
    with app().app_context():
        return "pong"


def push_credits() -> dict:
    """Deliver queued credits to the points platform, respecting the back-off and a
    stop; runs in the current app context if there is one (tests), else the worker's."""
    from flask import current_app, has_app_context

    from lms.services.points.push import Settings, deliver

    if not has_app_context():
        with app().app_context():
            return push_credits()
    report = deliver(Settings.from_config(current_app.config))
    return {"outcome": report.outcome, "delivered": report.delivered, **report.counts}


push_credits_every_minute = huey.periodic_task(crontab(), name="push_credits")(
    push_credits
)


def issue_due_credits() -> int:
    """Issue the credit the daily cap (LMS_DAILY_CREDIT_HOURS) held back, as far as
    the new local day allows, for everyone who waits; one commit per person, so the
    ledger's lock is short. Same app-context rule as `push_credits`. Returns how many
    ledger entries it issued."""
    from flask import has_app_context

    from lms.extensions import db
    from lms.models.base import utcnow
    from lms.services.credits import ledger
    from lms.writing import begin_writing

    if not has_app_context():
        with app().app_context():
            return issue_due_credits()
    issued = 0
    for person in ledger.people_with_due_claims():
        begin_writing()  # each person's transaction, after the previous commit
        issued += len(ledger.issue_due(person, utcnow()))
        db.session.commit()
    return issued


issue_due_credits_daily = huey.periodic_task(
    local_daily(hour=0, minute=5), name="issue_due_credits_daily"
)(issue_due_credits)


def push_xapi() -> dict:
    """Deliver due xAPI statements to the learning record store (no-op while
    LMS_XAPI_URL is unset); same app-context rule as `push_credits`."""
    from flask import current_app, has_app_context

    from lms.services.xapi.send import Settings, deliver

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

    from lms.services.catalogue import search_index

    if not has_app_context():
        with app().app_context():
            return rebuild_search_index()
    return search_index.rebuild()


rebuild_search_index_task = huey.task(name="rebuild_search_index")(rebuild_search_index)
rebuild_search_index_nightly = huey.periodic_task(
    crontab(hour="3", minute="17"), name="rebuild_search_index_nightly"
)(rebuild_search_index)


def deliver_notifications() -> int:
    """Send the notification outbox's due SMS (nothing in quiet hours); same
    app-context rule as `push_credits`. Returns how many were sent."""
    from flask import has_app_context

    from lms.extensions import db
    from lms.models.base import utcnow
    from lms.services.union import notifications

    if not has_app_context():
        with app().app_context():
            return deliver_notifications()
    sent = notifications.deliver_sms(utcnow())
    db.session.commit()
    return sent


deliver_notifications_every_5_minutes = huey.periodic_task(
    crontab(minute="*/5"), name="deliver_notifications"
)(deliver_notifications)


def remind_expiring_certificates() -> int:
    """Send the certificate reminders due today (60 and 14 days before expiry);
    same app-context rule as `push_credits`. Returns how many were sent."""
    from flask import has_app_context

    from lms.extensions import db
    from lms.models.base import utcnow
    from lms.services.credits import expiry

    if not has_app_context():
        with app().app_context():
            return remind_expiring_certificates()
    sent = expiry.send_reminders(utcnow())
    db.session.commit()
    return sent


remind_expiring_certificates_daily = huey.periodic_task(
    local_daily(hour=9, minute=0), name="remind_expiring_certificates"
)(remind_expiring_certificates)


def remind_class_sign_ups() -> int:
    """Send the station-class reminders due now (the day before, 1 h before); same
    app-context rule as `push_credits`. Returns how many were sent."""
    from flask import has_app_context

    from lms.extensions import db
    from lms.models.base import utcnow
    from lms.services.classes import reminders

    if not has_app_context():
        with app().app_context():
            return remind_class_sign_ups()
    sent = reminders.send_reminders(utcnow())
    db.session.commit()
    return sent


remind_class_sign_ups_every_5_minutes = huey.periodic_task(
    crontab(minute="*/5"), name="remind_class_sign_ups"
)(remind_class_sign_ups)


def rebuild_union_counters() -> dict:
    """Recount the union dashboards' counters from the progress rows (they are kept
    up to date on completion; this nightly run repairs any drift)."""
    from flask import has_app_context

    from lms.extensions import db
    from lms.services.union import counters as union_counters
    from lms.writing import begin_writing

    if not has_app_context():
        with app().app_context():
            return rebuild_union_counters()
    begin_writing()  # it reads, then writes
    counts = union_counters.rebuild()
    db.session.commit()
    return counts


rebuild_union_counters_nightly = huey.periodic_task(
    crontab(hour="2", minute="41"), name="rebuild_union_counters_nightly"
)(rebuild_union_counters)


def sweep_old_records() -> dict:
    """Drop what is kept only for a while: audit events past LMS_AUDIT_DAYS, and
    sign-in failures past their counting window. Returns how many rows went."""
    from flask import current_app, has_app_context

    from lms.extensions import db
    from lms.models.base import utcnow
    from lms.services.accounts import audit, throttle

    if not has_app_context():
        with app().app_context():
            return sweep_old_records()
    now = utcnow()
    counts = {
        "audit_events": audit.sweep(now, current_app.config["LMS_AUDIT_DAYS"]),
        "sign_in_failures": throttle.sweep(now),
    }
    db.session.commit()
    return counts


sweep_old_records_nightly = huey.periodic_task(
    crontab(hour="4", minute="23"), name="sweep_old_records_nightly"
)(sweep_old_records)


# The video tasks live beside this module; importing them registers them with `huey`.
from lms.tasks_video import (  # noqa: E402, F401
    enqueue_transcode,
    requeue_stale_transcodes,
    requeue_stale_transcodes_every_minute,
    transcode_lesson_video,
    transcode_lesson_video_task,
)
