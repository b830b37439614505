"""Videos from files on the server (a course file's `video:`, `flask media transcode`):
validated and queued exactly like an upload, skipped when the content is unchanged."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from courses.spec import CourseSpec
from lms.extensions import db
from lms.models import Course, JobKind, Lesson, Person, TranscodeJob
from lms.services.errors import Invalid
from lms.services.video import jobs as media_jobs
from lms.services.video import store as video_store
from media import MediaRejected, inspect_upload


def request_file_video(
    lesson: Lesson,
    source: Path,
    captions: Path | None = None,
    *,
    actor: Person | None = None,
    force: bool = False,
) -> TranscodeJob | None:
    """Queue a job for `source` (and its caption file); None when the lesson already
    shows, or is already building, this very content (unless `force`)."""
    files = [source, *([captions] if captions else [])]
    key = video_store.file_sha256(*files)
    if not force and _unchanged(lesson.id, key):
        return None
    try:
        inspect_upload(source)
    except MediaRejected as exc:
        raise Invalid(exc.message, code=exc.code) from exc
    path, _ = video_store.keep_source(source, move=False)
    tracks = []
    if captions is not None:
        kept, _ = video_store.keep_source(captions, move=False)
        tracks.append({"path": kept, "lang": "zh-CN", "label": "中文"})
    return media_jobs.create_job(
        lesson,
        JobKind.IMPORT,
        source_key=key,
        source_path=path,
        source_name=source.name,
        captions=tracks,
        actor=actor,
    )


def _unchanged(lesson_id: int, key: str) -> bool:
    video = video_store.published(lesson_id)
    active = media_jobs.active_job(lesson_id)
    return (video is not None and video.source_key == key) or (
        active is not None and active.source_key == key
    )


def request_course_videos(course: Course, spec: CourseSpec) -> list[TranscodeJob]:
    """Jobs for the course file's lessons that name a video whose content changed."""
    lessons = {
        x.code: x
        for x in db.session.scalars(select(Lesson).where(Lesson.course_id == course.id))
    }
    jobs = []
    for lesson_spec in spec.lessons:
        lesson = lessons.get(lesson_spec.code)
        if lesson is None or lesson_spec.video is None:
            continue
        if media_jobs.active_job(lesson.id) is not None:
            continue  # one job at a time; the next import picks up a change
        job = request_file_video(lesson, lesson_spec.video, lesson_spec.captions)
        if job is not None:
            jobs.append(job)
    return jobs
