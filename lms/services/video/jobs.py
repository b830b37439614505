"""Transcode jobs: create, claim, publish, fail, re-queue stale ones, retry by hand.

Each state change takes the write lock (`lms.writing.begin_writing`: tasks run
outside requests) and starts with one conditional UPDATE of the job row (so two runs
can never both own a job). `publish` flips the lesson to its new folder and marks the
job done in the same transaction: a lesson is never half-published. Functions flush;
the task, view or command commits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select, update

from lms.extensions import db
from lms.models import (
    JobKind,
    JobState,
    Lesson,
    LessonVideo,
    Person,
    TranscodeJob,
)
from lms.models.base import utcnow
from lms.services.errors import Conflict
from lms.writing import begin_writing
from media import Manifest

RETRY_DELAYS_S = (30, 120, 600)
STATE_NAMES = {
    JobState.QUEUED: _l("Waiting"),
    JobState.RUNNING: _l("Converting"),
    JobState.DONE: _l("Done"),
    JobState.FAILED: _l("Failed"),
}
KIND_NAMES = {
    JobKind.UPLOAD: _l("Upload"),
    JobKind.IMPORT: _l("Course file"),
    JobKind.NARRATION: _l("Narrated video"),
}
# What a person is told for each `error_code` (a rejected upload's own code keeps the
# pipeline's message, which is written for the trainer already).
ERROR_MESSAGES = {
    "worker_lost": _l("The converter stopped while working on this video."),
    "ffmpeg_failed": _l(
        "The video could not be converted: the file may be damaged or in an "
        "unusual format."
    ),
    "timeout": _l("Converting took too long and was stopped."),
    "stalled": _l("Converting made no progress and was stopped."),
    "killed": _l("The conversion was interrupted."),
    "disk_full": _l("The server's disk is full."),
    "transient": _l("The conversion was interrupted."),
    "narration": _l("The narrated video could not be made from the lesson text."),
    "error": _l("Something went wrong while converting."),
}


@dataclass(frozen=True)
class Ticket:
    """What one run of a job needs, read once when it is claimed."""

    job_id: int
    lesson_id: int
    kind: JobKind
    token: str
    attempt: int
    source_path: str | None
    source_key: str
    captions: tuple[dict, ...]
    title: str
    guide_md: str
    course_code: str

    @property
    def folder(self) -> str:
        return f"{self.job_id}-{self.token}"


def create_job(
    lesson: Lesson,
    kind: JobKind,
    *,
    source_key: str,
    source_path: str | None = None,
    source_name: str = "",
    captions: list[dict] | None = None,
    actor: Person | None = None,
) -> TranscodeJob:
    """Queue a new job for `lesson`; refused while another one is queued or running."""
    begin_writing()
    if active_job(lesson.id) is not None:
        raise Conflict(code="job_active")
    job = TranscodeJob(
        lesson_id=lesson.id,
        kind=kind,
        source_key=source_key,
        source_path=source_path,
        source_name=source_name[:200],
        captions=captions or [],
        created_by_id=actor.id if actor else None,
    )
    db.session.add(job)
    db.session.flush()
    return job


def active_job(lesson_id: int) -> TranscodeJob | None:
    query = select(TranscodeJob).where(
        TranscodeJob.lesson_id == lesson_id,
        TranscodeJob.state.in_([JobState.QUEUED, JobState.RUNNING]),
    )
    return db.session.scalars(query.order_by(TranscodeJob.id.desc())).first()


def latest_job(lesson_id: int) -> TranscodeJob | None:
    query = select(TranscodeJob).where(TranscodeJob.lesson_id == lesson_id)
    return db.session.scalars(query.order_by(TranscodeJob.id.desc())).first()


def job_message(job: TranscodeJob) -> str | None:
    """The job's error as a person should read it, in their language; None if none."""
    if not job.error_code:
        return None
    known = ERROR_MESSAGES.get(job.error_code)
    return str(known) if known is not None else job.error_message


def recent_jobs(limit: int = 100) -> list[TranscodeJob]:
    query = select(TranscodeJob).order_by(TranscodeJob.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def claim(job_id: int) -> Ticket | None:
    """Take a queued job for this run; None if it is not queued (done, taken, gone)."""
    token, now = uuid.uuid4().hex[:12], utcnow()
    begin_writing()
    taken = db.session.execute(
        update(TranscodeJob)
        .where(TranscodeJob.id == job_id, TranscodeJob.state == JobState.QUEUED)
        .values(
            state=JobState.RUNNING,
            attempts=TranscodeJob.attempts + 1,
            run_token=token,
            started_at=now,
            heartbeat_at=now,
            progress=0.0,
        )
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        return None
    job = db.session.get(TranscodeJob, job_id, populate_existing=True)
    lesson = job.lesson
    return Ticket(
        job_id=job.id,
        lesson_id=job.lesson_id,
        kind=JobKind(job.kind),
        token=token,
        attempt=job.attempts,
        source_path=job.source_path,
        source_key=job.source_key,
        captions=tuple(job.captions or ()),
        title=lesson.title,
        guide_md=lesson.guide_md,
        course_code=lesson.course.code,
    )


def _owned(ticket: Ticket, **values) -> bool:
    """Update the job if this run still owns it; the first write of a transaction."""
    begin_writing()
    done = db.session.execute(
        update(TranscodeJob)
        .where(
            TranscodeJob.id == ticket.job_id,
            TranscodeJob.run_token == ticket.token,
            TranscodeJob.state == JobState.RUNNING,
        )
        .values(heartbeat_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


def publish(ticket: Ticket, manifest: Manifest) -> str | None:
    """Mark the job done and point its lesson at the new folder (one transaction).

    Returns the folder the lesson showed before ("" if none), or None if this run no
    longer owns the job (then nothing is changed)."""
    done = dict(state=JobState.DONE, progress=1.0, finished_at=utcnow())
    cleared = dict(error_code=None, error_message=None, stderr_tail=None)
    if not _owned(ticket, **done, **cleared):  # a success clears earlier failures
        return None
    video = db.session.scalar(
        select(LessonVideo).where(LessonVideo.lesson_id == ticket.lesson_id)
    )
    previous = video.folder if video else ""
    if video is None:
        video = LessonVideo(lesson_id=ticket.lesson_id)
        db.session.add(video)
    video.folder, video.kind, video.source_key = (
        ticket.folder,
        ticket.kind,
        ticket.source_key,
    )
    video.duration_s, video.width, video.height = (
        manifest.duration_s,
        manifest.width,
        manifest.height,
    )
    video.manifest, video.extra_captions = manifest.to_dict(), []
    video.job_id, video.published_at = ticket.job_id, utcnow()
    lesson = db.session.get(Lesson, ticket.lesson_id)
    lesson.video_duration_s = manifest.duration_s
    db.session.flush()
    return previous


def record_failure(
    ticket: Ticket, *, code: str, message: str, stderr_tail: str = "", transient: bool
) -> JobState | None:
    """Queue the job again (transient, attempts left) or fail it; None if not owned."""
    if not _owned(ticket, error_code=code[:32], error_message=message):
        return None
    job = db.session.get(TranscodeJob, ticket.job_id, populate_existing=True)
    job.stderr_tail = stderr_tail[-8000:] or None
    again = transient and job.attempts < job.max_attempts
    job.state = JobState.QUEUED if again else JobState.FAILED
    job.run_token = None
    job.finished_at = None if again else utcnow()
    db.session.flush()
    return JobState(job.state)


def retry_delay(attempt: int) -> int:
    return RETRY_DELAYS_S[min(attempt, len(RETRY_DELAYS_S)) - 1]


def requeue_stale(stale_after_s: float) -> list[int]:
    """Jobs left running by a worker that stopped beating: queue them again (or fail
    them when out of attempts). Returns the ids to enqueue."""
    cutoff = utcnow() - timedelta(seconds=stale_after_s)
    begin_writing()
    out_of_tries = TranscodeJob.attempts >= TranscodeJob.max_attempts
    rows = db.session.execute(
        update(TranscodeJob)
        .where(
            TranscodeJob.state == JobState.RUNNING, TranscodeJob.heartbeat_at < cutoff
        )
        .values(
            state=case(
                (out_of_tries, JobState.FAILED.value), else_=JobState.QUEUED.value
            ),
            run_token=None,
            error_code="worker_lost",
            error_message="The worker stopped while running this job.",  # for logs
        )
        .returning(TranscodeJob.id, TranscodeJob.state)
        .execution_options(synchronize_session=False)
    ).all()
    return [job_id for job_id, state in rows if state == JobState.QUEUED]


def retry(job: TranscodeJob) -> TranscodeJob:
    """An administrator's retry of a failed job: queued again with fresh attempts."""
    begin_writing()
    if job.state != JobState.FAILED:
        raise Conflict(code="job_not_failed")
    if active_job(job.lesson_id) is not None:
        raise Conflict(code="job_active")
    job.state, job.attempts, job.progress = JobState.QUEUED, 0, 0.0
    job.error_code = job.error_message = job.stderr_tail = None
    job.finished_at = None
    db.session.flush()
    return job


def source_file(ticket: Ticket, data_dir: Path) -> Path | None:
    return data_dir / ticket.source_path if ticket.source_path else None
