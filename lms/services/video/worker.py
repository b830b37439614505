"""Running one transcode job: claim it, build (rendering the narration first if the
job asks for it), publish, and tidy up. `run_job(job_id)` is what the task calls.

While a run works, a heartbeat thread writes `progress` and `heartbeat_at` every few
seconds on its own connection (throttled: ffmpeg reports many times a second). If the
row stops belonging to this run (a watchdog gave it to another worker), the next
progress report raises `JobLost`, which stops ffmpeg.
"""

from __future__ import annotations

import shutil
import threading
from enum import StrEnum

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import SQLAlchemyError

from courses.narration import NarrationError
from lms.extensions import db
from lms.models import JobKind, JobState, Lesson, TranscodeJob
from lms.models.base import utcnow
from lms.services.catalogue import search_index
from lms.services.video import jobs as media_jobs
from lms.services.video import narrated
from lms.services.video import store as video_store
from lms.services.video.jobs import Ticket
from media import CaptionInput, MediaError, MediaRejected, TranscodeError, transcode
from media.errors import (
    OutOfDiskSpace,
    TranscodeKilled,
    TranscodeStalled,
    TranscodeTimeout,
)

TRANSCODE_CODES = (
    (TranscodeTimeout, "timeout"),
    (TranscodeStalled, "stalled"),
    (TranscodeKilled, "killed"),
    (OutOfDiskSpace, "disk_full"),
)


class Outcome(StrEnum):
    DONE = "done"
    RETRY = "retry"  # queued again after a transient failure: enqueue with a delay
    FAILED = "failed"
    SKIPPED = "skipped"  # not queued any more (done, running elsewhere, gone)
    LOST = "lost"  # another run took the job over


class JobLost(Exception):
    """This run no longer owns its job."""


class Heartbeat:
    """A thread that writes progress and the heartbeat; `report` is the progress hook."""

    def __init__(self, engine, ticket: Ticket, every_s: float) -> None:
        self.engine, self.ticket, self.every_s = engine, ticket, every_s
        self.fraction, self.lost = 0.0, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def report(self, fraction: float) -> None:
        self.fraction = fraction
        if self.lost:
            raise JobLost(self.ticket.job_id)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            self.beat()

    def beat(self) -> None:
        table = TranscodeJob.__table__
        statement = (
            update(table)
            .where(
                table.c.id == self.ticket.job_id,
                table.c.run_token == self.ticket.token,
                table.c.state == JobState.RUNNING.value,
            )
            .values(heartbeat_at=utcnow(), progress=round(self.fraction, 4))
        )
        try:
            with self.engine.begin() as conn:
                self.lost = conn.execute(statement).rowcount == 0
        except SQLAlchemyError:
            pass  # a busy database: the next beat tries again


def run_job(job_id: int) -> Outcome:
    """Run job `job_id` if it is queued; commits each state change."""
    ticket = media_jobs.claim(job_id)
    db.session.commit()
    if ticket is None:
        return Outcome.SKIPPED
    out_dir = video_store.videos_root() / ticket.folder
    video_store.remove_earlier_work(ticket.job_id, ticket.token)
    every = current_app.config.get("LMS_TRANSCODE_HEARTBEAT_S", 5.0)
    try:
        with Heartbeat(db.engine, ticket, every) as beat:
            manifest = _build(ticket, out_dir, beat)
    except JobLost:
        return Outcome.LOST
    except (MediaError, NarrationError) as exc:
        return _failed(ticket, exc)
    except Exception as exc:
        _failed(ticket, exc)
        raise
    previous = media_jobs.publish(ticket, manifest)
    if previous is None:
        db.session.rollback()
        shutil.rmtree(out_dir, ignore_errors=True)
        return Outcome.LOST
    db.session.commit()
    search_index.follow_change(db.session.get(Lesson, ticket.lesson_id).course)
    return Outcome.DONE


def _build(ticket: Ticket, out_dir, beat: Heartbeat):
    data = video_store.data_dir()
    if ticket.kind == JobKind.NARRATION:
        source, captions = narrated.render(ticket)
    else:
        source = media_jobs.source_file(ticket, data)
        captions = [
            CaptionInput(data / c["path"], c["lang"], c["label"])
            for c in ticket.captions
        ]
    try:
        return transcode(source, out_dir, progress=beat.report, captions=captions)
    finally:
        if ticket.kind == JobKind.NARRATION:
            shutil.rmtree(source.parent, ignore_errors=True)


def _error_code(exc: TranscodeError) -> str:
    """The code `jobs.ERROR_MESSAGES` explains to a person."""
    for kind, code in TRANSCODE_CODES:
        if isinstance(exc, kind):
            return code
    return "transient" if exc.is_transient else "ffmpeg_failed"


def _failed(ticket: Ticket, exc: Exception) -> Outcome:
    db.session.rollback()
    if isinstance(exc, MediaRejected):
        failure = dict(code=exc.code, message=exc.message, transient=False)
    elif isinstance(exc, TranscodeError):
        failure = dict(
            code=_error_code(exc),
            message=str(exc).split("\n", 1)[0],
            stderr_tail=exc.stderr_tail,
            transient=exc.is_transient,
        )
    elif isinstance(exc, NarrationError):
        failure = dict(code="narration", message=str(exc), transient=False)
    else:
        failure = dict(code="error", message=repr(exc)[:2000], transient=True)
    state = media_jobs.record_failure(ticket, **failure)
    db.session.commit()
    if state is None:
        return Outcome.LOST
    return Outcome.RETRY if state == JobState.QUEUED else Outcome.FAILED
