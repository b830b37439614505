"""Background jobs of lesson videos: running a transcode job (retried with a growing
delay), handing jobs to the workers, and the watchdog that re-queues jobs whose worker
stopped. Registered on `lms.tasks.huey`, which imports this module."""

from __future__ import annotations

import time

from huey import crontab

from lms.ops import metrics
from lms.tasks import app, huey


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
