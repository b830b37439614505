"""Lesson videos: the published version of each lesson's video, and transcode jobs.

A `LessonVideo` row points at one complete folder under `<data>/media/videos/`; it is
written in the same transaction that marks its job done, so the database never names a
half-built folder. A `TranscodeJob` is the domain status of one run of the pipeline
(the queue only carries its id): state, progress, attempts, heartbeat and errors.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, utcnow
from lms.models.course import Lesson


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobKind(StrEnum):
    UPLOAD = "upload"  # a trainer's upload in the studio
    IMPORT = "import"  # a course file's `video:` (or the CLI)
    NARRATION = "narration"  # rendered from the lesson guide (courses.narration)


class LessonVideo(Base):
    """The video a lesson shows now: a published folder and its manifest summary."""

    __tablename__ = "lesson_videos"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), unique=True
    )
    folder: Mapped[str] = mapped_column(String(100))  # under media/videos/
    kind: Mapped[JobKind] = mapped_column(String(16))
    source_key: Mapped[str] = mapped_column(String(64))  # content hash of the inputs
    duration_s: Mapped[float]
    width: Mapped[int]
    height: Mapped[int]
    # The manifest (media.Manifest.to_dict()); extra caption tracks added later.
    manifest: Mapped[dict] = mapped_column(JSON)
    extra_captions: Mapped[list] = mapped_column(JSON, default=list)
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("transcode_jobs.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime] = mapped_column(default=utcnow)

    lesson: Mapped[Lesson] = relationship()


class TranscodeJob(Base):
    """One request to (re)build a lesson's video; the queue message carries only `id`."""

    __tablename__ = "transcode_jobs"
    __table_args__ = (
        Index("ix_transcode_jobs_state_heartbeat", "state", "heartbeat_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[JobKind] = mapped_column(String(16))
    state: Mapped[JobState] = mapped_column(String(16), default=JobState.QUEUED)
    source_path: Mapped[str | None] = mapped_column(String(500))  # under the data dir
    source_name: Mapped[str] = mapped_column(String(200), default="")
    source_key: Mapped[str] = mapped_column(String(64))
    # Caption files to pass to the pipeline: [{"path", "lang", "label"}].
    captions: Mapped[list] = mapped_column(JSON, default=list)
    progress: Mapped[float] = mapped_column(default=0.0)  # 0..1
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=3)
    run_token: Mapped[str | None] = mapped_column(String(32))  # the run that owns it
    error_code: Mapped[str | None] = mapped_column(String(32))
    error_message: Mapped[str | None] = mapped_column(Text)
    stderr_tail: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    lesson: Mapped[Lesson] = relationship()

    @property
    def is_active(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)
