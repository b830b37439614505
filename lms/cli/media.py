"""`flask media ...`: transcoding lesson videos, and the helpers the course commands share."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from lms.extensions import db

media_cli = AppGroup("media", help="Lesson videos: transcode and jobs.")


def _lesson_by_path(value: str):
    from lms.models import Course, Lesson

    course_code, _, lesson_code = value.partition("/")
    lesson = db.session.scalar(
        db.select(Lesson)
        .join(Course)
        .where(Course.code == course_code, Lesson.code == lesson_code)
    )
    if lesson is None:
        raise click.BadParameter(f"没有课时 {value}（格式：课程代码/课时代码）")
    return lesson


def _run_or_queue(job, queue: bool, wait: bool) -> None:
    """Run a committed job here, or hand it to the worker (and perhaps wait)."""
    import time

    from lms import tasks
    from lms.models import JobState, TranscodeJob

    if not queue:
        click.echo(f"任务 {job.id}: {tasks.transcode_lesson_video(job.id)}")
    else:
        tasks.enqueue_transcode(job.id)
        click.echo(f"任务 {job.id} 已排队")
    while queue and wait:
        db.session.expire_all()
        job = db.session.get(TranscodeJob, job.id)
        if job.state in (JobState.DONE, JobState.FAILED):
            break
        time.sleep(1)
    job = db.session.get(TranscodeJob, job.id)
    if job.state == JobState.FAILED:
        click.echo(f"失败: {job.error_message}", err=True)
        sys.exit(1)


def _queue_course_videos(course, spec, with_videos: bool) -> None:
    from lms import tasks
    from lms.errors import ServiceError
    from lms.services.video import importing as video_import
    from lms.services.video import narrated

    try:
        jobs = video_import.request_course_videos(course, spec)
    except ServiceError as exc:
        db.session.rollback()
        click.echo(f"{spec.code}: 视频未导入：{exc.message}", err=True)
        jobs = []
    if with_videos:
        jobs += narrated.request_course_narrations(course)
    db.session.commit()
    for job in jobs:
        tasks.enqueue_transcode(job.id)
    if jobs:
        click.echo(f"  {len(jobs)} 个视频任务已排队")


@media_cli.command("transcode")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--lesson", "lesson_path", required=True, help="COURSE/LESSON_CODE")
@click.option("--captions", type=click.Path(exists=True, dir_okay=False))
@click.option("--queue", is_flag=True, help="Hand the job to the worker.")
@click.option("--wait", is_flag=True, help="With --queue: wait until it finishes.")
def media_transcode(source, lesson_path, captions, queue, wait):
    """Validate SOURCE and publish it as the lesson's video (like an upload)."""
    from lms.errors import ServiceError
    from lms.services.video import importing as video_import

    lesson = _lesson_by_path(lesson_path)
    try:
        job = video_import.request_file_video(
            lesson, Path(source), Path(captions) if captions else None, force=True
        )
    except ServiceError as exc:
        click.echo(f"{source}: {exc.message}", err=True)
        sys.exit(1)
    db.session.commit()
    _run_or_queue(job, queue, wait)


@media_cli.command("jobs")
@click.option("--limit", type=int, default=30)
def media_jobs_list(limit):
    """The latest transcode jobs: id, state, progress, attempts, lesson, error."""
    from lms.services.video import jobs as media_jobs

    for job in media_jobs.recent_jobs(limit):
        lesson = f"{job.lesson.course.code}/{job.lesson.code}"
        error = f"  {job.error_code}: {job.error_message}" if job.error_code else ""
        click.echo(
            f"{job.id:>5} {job.state:<8} {job.progress:>4.0%} "
            f"×{job.attempts} {job.kind:<9} {lesson}{error}"
        )
