"""Background jobs on Huey: SQLite in the data dir by default, Redis with LMS_REDIS_URL.

Task functions are plain functions; the consumer runs them inside an app context.
Start a worker with `huey_consumer lms.tasks.huey`.
"""

from __future__ import annotations

import os
import time
from functools import cache

from huey import RedisHuey, SqliteHuey, crontab

from lms import config
from lms.ops import metrics


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

    from lms.services.points.push import Settings, deliver

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


def rebuild_union_counters() -> dict:
    """Recount the union dashboards' counters from the progress rows (they are kept
    up to date on completion; this nightly run repairs any drift)."""
    from flask import has_app_context

    from lms.extensions import db
    from lms.services.union import counters as union_counters

    if not has_app_context():
        with app().app_context():
            return rebuild_union_counters()
    counts = union_counters.rebuild()
    db.session.commit()
    return counts


rebuild_union_counters_nightly = huey.periodic_task(
    crontab(hour="2", minute="41"), name="rebuild_union_counters_nightly"
)(rebuild_union_counters)


def transcode_lesson_video(job_id: int) -> str:
    """Run transcode job `job_id` (lms.services.video.worker); a transient failure is
    queued again with a growing delay. Same app-context rule as `push_credits`."""
    from flask import has_app_context

    from lms.extensions import db
    from lms.models import TranscodeJob
    from lms.services.video import jobs as media_jobs
    from lms.services.video import worker as video_worker

    if not has_app_context():
        with app().app_context():
            return transcode_lesson_video(job_id)
    started = time.monotonic()
    outcome = video_worker.run_job(job_id)
    metrics.observe_transcode(outcome.value, time.monotonic() - started)
    if outcome == video_worker.Outcome.RETRY:
        attempts = db.session.get(TranscodeJob, job_id).attempts
        db.session.commit()
        enqueue_transcode(job_id, delay=media_jobs.retry_delay(attempts))
    return outcome.value


transcode_lesson_video_task = huey.task(name="transcode_lesson_video")(
    transcode_lesson_video
)


def enqueue_transcode(job_id: int, delay: float | None = None) -> None:
    """Hand a committed job to the workers (at once, or after `delay` seconds)."""
    if delay:
        transcode_lesson_video_task.schedule((job_id,), delay=delay)
    else:
        transcode_lesson_video_task(job_id)


def requeue_stale_transcodes() -> list[int]:
    """The watchdog: queue again jobs whose worker stopped beating, then delete video
    folders nobody shows any more and abandoned uploads. Runs every minute and when a
    worker starts (after a crash, its jobs finish). Same app-context rule."""
    from flask import current_app, has_app_context

    from lms.extensions import db
    from lms.services.video import jobs as media_jobs
    from lms.services.video import store as video_store
    from lms.services.video import uploads

    if not has_app_context():
        with app().app_context():
            return requeue_stale_transcodes()
    ids = media_jobs.requeue_stale(current_app.config["LMS_TRANSCODE_STALE_S"])
    db.session.commit()
    for job_id in ids:
        enqueue_transcode(job_id)
    video_store.sweep(grace_s=24 * 3600)
    db.session.commit()
    uploads.sweep_abandoned()
    return ids


requeue_stale_transcodes_every_minute = huey.periodic_task(
    crontab(), name="requeue_stale_transcodes"
)(requeue_stale_transcodes)


@huey.on_startup(name="requeue_stale_transcodes_on_start")
def _requeue_stale_transcodes_on_start() -> None:
    requeue_stale_transcodes()
