"""Narrated videos (issue 7): a lesson's guide rendered by `courses.narration`, then
passed through the media pipeline like any upload, its WebVTT as the captions.

The job's `source_key` is the narration cache key (title, guide, illustrations, tool
versions), so a lesson whose published narration has the same key is left alone, and
the rendering itself is cached in `<data>/narration-cache`.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from courses.narration import cache_key, make_video, split_slides
from lms.extensions import db
from lms.models import Course, JobKind, Lesson, TranscodeJob
from lms.services.video import jobs as media_jobs
from lms.services.video import store as video_store
from media import CaptionInput

CAPTION_LANG, CAPTION_LABEL = "zh-CN", "中文"


def guide_base(course_code: str) -> Path:
    """Where the guide's `../images/...` paths resolve: the course's published images."""
    return video_store.data_dir() / "media" / "courses" / course_code / "lessons"


def narration_key(lesson: Lesson) -> str:
    base = guide_base(lesson.course.code)
    slides = split_slides(lesson.title, lesson.guide_md, base)
    return cache_key(lesson.title, lesson.guide_md, slides)


def request_narration(lesson: Lesson, *, replace_upload: bool) -> TranscodeJob | None:
    """Queue a narration job unless the lesson already shows this narration, has a job
    under way, or (unless `replace_upload`) shows a video a trainer provided."""
    if media_jobs.active_job(lesson.id) is not None:
        return None
    key = narration_key(lesson)
    video = video_store.published(lesson.id)
    if video is not None:
        if video.source_key == key:
            return None
        if video.kind != JobKind.NARRATION and not replace_upload:
            return None
    return media_jobs.create_job(lesson, JobKind.NARRATION, source_key=key)


def request_course_narrations(course: Course) -> list[TranscodeJob]:
    """Narration jobs for the course's lessons that show no trainer video."""
    lessons = db.session.scalars(select(Lesson).where(Lesson.course_id == course.id))
    jobs = (request_narration(x, replace_upload=False) for x in lessons)
    return [job for job in jobs if job is not None]


def render(ticket: media_jobs.Ticket) -> tuple[Path, list[CaptionInput]]:
    """Render (or take from the cache) the narrated MP4 and subtitles of a job."""
    data = video_store.data_dir()
    made = make_video(
        ticket.title,
        ticket.guide_md,
        guide_base(ticket.course_code),
        data / "narration-out" / ticket.folder,
        data / "narration-cache",
    )
    return made.mp4, [CaptionInput(made.vtt, CAPTION_LANG, CAPTION_LABEL)]
