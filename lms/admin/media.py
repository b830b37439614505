"""Transcode jobs for administrators: the latest jobs with their state, progress,
attempts and ffmpeg's last lines on failure, and a "retry" for failed ones."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from lms import tasks
from lms.admin import bp
from lms.errors import NotFound
from lms.extensions import db
from lms.models import TranscodeJob
from lms.services.video import jobs as media_jobs


@bp.get("/media/jobs")
def media_jobs_page():
    return render_template(
        "admin/media_jobs.html",
        jobs=media_jobs.recent_jobs(200),
        state_names=media_jobs.STATE_NAMES,
        kind_names=media_jobs.KIND_NAMES,
        job_message=media_jobs.job_message,
    )


@bp.post("/media/jobs/<int:job_id>/retry")
def media_job_retry(job_id: int):
    job = db.session.get(TranscodeJob, job_id)
    if job is None:
        raise NotFound()
    media_jobs.retry(job)
    db.session.commit()
    tasks.enqueue_transcode(job_id)
    flash(_l("The job is queued again."))
    return redirect(url_for("admin.media_jobs_page"))
