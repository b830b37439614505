"""What the metrics report about queues, read at scrape time: the Huey queue, transcode
jobs waiting or running and the oldest one's age, the points outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lms.extensions import db
from lms.models import JobState, TranscodeJob
from lms.services.points import outbox


@dataclass(frozen=True)
class Readings:
    queue_pending: int  # messages waiting in Huey's queue
    queue_scheduled: int  # delayed messages (retries) not due yet
    transcodes: dict[str, int]  # queued / running transcode jobs
    oldest_queued_age_s: float  # 0 when nothing waits
    outbox: dict[str, int]  # points outbox: queued (incl. unseen) / delivered / held


def read(huey, now: datetime) -> Readings:
    rows = db.session.execute(
        select(TranscodeJob.state, func.count(), func.min(TranscodeJob.created_at))
        .where(TranscodeJob.state.in_([JobState.QUEUED, JobState.RUNNING]))
        .group_by(TranscodeJob.state)
    ).all()
    transcodes = {str(s): 0 for s in (JobState.QUEUED, JobState.RUNNING)}
    oldest = None
    for state, count, first in rows:
        transcodes[str(state)] = count
        if str(state) == JobState.QUEUED:
            oldest = first
    age = (now - oldest).total_seconds() if oldest else 0.0
    return Readings(
        queue_pending=huey.pending_count(),
        queue_scheduled=huey.scheduled_count(),
        transcodes=transcodes,
        oldest_queued_age_s=max(age, 0.0),
        outbox={str(k): v for k, v in outbox.counts().items()},
    )
