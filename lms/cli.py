"""Command-line entry points: `flask courses ...`, `flask lms ...`, `flask credits ...`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

import quizzes
from courses.check import check_paths, quiz_checker
from courses.loader import find_courses, load_course
from courses.spec import CourseInvalid
from lms.extensions import db
from lms.services import course_import, demo

courses_cli = AppGroup("courses", help="Course files: check and import.")
lms_cli = AppGroup("lms", help="Setting up this instance.")


def _paths(paths: tuple[str, ...]) -> list[Path]:
    return [Path(p) for p in paths] or [Path(current_app.config["LMS_COURSE_CONTENT"])]


@courses_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def check(paths):
    """Validate course folders; print every problem with its file and line."""
    sys.exit(check_paths(_paths(paths), echo=click.echo))


@courses_cli.command("import")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--with-videos", is_flag=True,
              help="Queue narrated videos for lessons without a video (worker makes them).")  # fmt: skip
def import_courses(paths, with_videos):
    """Import course folders (idempotent; a course with any error is refused whole)."""
    media = Path(current_app.config["LMS_DATA_DIR"]) / "media"
    failed = 0
    for folder in [f for p in _paths(paths) for f in find_courses(p)]:
        try:
            spec = load_course(folder, check_quiz=quiz_checker())
        except CourseInvalid as exc:
            failed += 1
            db.session.rollback()
            click.echo(f"{folder}: 未导入（有错误）", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            continue
        course = course_import.import_course(spec, media)
        db.session.commit()
        click.echo(f"导入 {spec.code}: {len(spec.lessons)} 节课")
        _queue_course_videos(course, spec, with_videos)  # media: lms/services/video_*
    sys.exit(1 if failed else 0)


quizzes_cli = AppGroup("quizzes", help="Quiz files: check and convert.")


@quizzes_cli.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def check_quiz(file):
    """Validate a quiz file (YAML, GIFT or Aiken); errors give line and column."""
    try:
        loaded = quizzes.load_file(file)
    except quizzes.QuizFormatError as exc:
        _quiz_failed(file, exc)
    click.echo(f"OK {file}: {loaded.quiz.title}，{len(loaded.quiz.questions)} 道题")
    for note in loaded.notes:
        click.echo(f"  {note}")


@quizzes_cli.command("convert")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--to", "target", type=click.Choice(["gift", "yaml"]), required=True)
def convert_quiz(file, target):
    """Print the quiz in FILE written in the other format (GIFT or YAML)."""
    try:
        click.echo(quizzes.convert(file, to=target), nl=False)
    except (quizzes.QuizFormatError, quizzes.QuizExportError) as exc:
        _quiz_failed(file, exc)


def _quiz_failed(file: str, exc: Exception) -> None:
    """Print the error (in Chinese, with line and column) and exit with status 1."""
    named = getattr(exc, "source", "")
    click.echo(str(exc) if named else f"{file}: {exc}", err=True)
    sys.exit(1)


@lms_cli.command("demo")
def demo_accounts():
    """Create the demo organisations and accounts (printed with their passwords)."""
    accounts = Path(current_app.config["LMS_DATA_DIR"]) / "demo-accounts.txt"
    lines = demo.ensure_demo(accounts)
    db.session.commit()
    click.echo(f"Demo accounts (kept in {accounts}):")
    for line in lines:
        click.echo(f"  {line}")


@lms_cli.command("synth")
@click.option("--scale", type=float, default=1.0, help="1.0 = 26,200 workers x 60 lessons.")
@click.option("--seed", type=int, default=7)
def synth_city(scale, seed):
    """Generate the synthetic city (union dashboards' benchmark data)."""
    from lms.services import synth

    counts = synth.synth(scale, seed)
    db.session.commit()
    synth.checkpoint()
    click.echo(", ".join(f"{name} {n}" for name, n in counts.items()))


@lms_cli.command("union-counters")
def union_counters_rebuild():
    """Recount the union dashboards' counters from the progress rows."""
    from lms.services import union_counters

    counts = union_counters.rebuild()
    db.session.commit()
    click.echo(", ".join(f"{name} {n}" for name, n in counts.items()))


credits_cli = AppGroup("credits", help="Credits export to the points platform.")
DAY = click.DateTime(formats=["%Y-%m-%d"])


@credits_cli.command("push")
def push_credits():
    """Push queued credits now (until the queue is empty or the receiver fails);
    exit 0 when nothing is left to send, 1 otherwise."""
    from lms.services.points_push import Settings, deliver

    report = deliver(
        Settings.from_config(current_app.config), respect_backoff=False, lock_wait_s=15
    )
    click.echo(
        f"{report.outcome}: {report.batches} 批, 已送达 {report.delivered}, "
        f"暂扣 {report.held}; 待发送 {report.counts['queued']}"
    )
    if report.error:
        click.echo(f"错误: {report.error}", err=True)
    sys.exit(0 if report.counts["queued"] == 0 else 1)


@credits_cli.command("status")
def credits_status():
    """Counts of queued, delivered and held credit entries."""
    from lms.services import points_outbox, points_pusher

    for state, count in points_outbox.counts().items():
        click.echo(f"{state}: {count}")
    pusher = points_pusher.current()
    if pusher.is_stopped:
        click.echo(f"stopped: HTTP {pusher.stop_status} {pusher.stop_error}")
    elif pusher.next_attempt_at:
        click.echo(f"next attempt: {pusher.next_attempt_at.isoformat()}")


@credits_cli.command("export")
@click.option("--since", type=DAY, required=True, help="First day (local), YYYY-MM-DD.")
@click.option("--until", type=DAY, help="Last day (local, inclusive), YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv")
@click.option("--out", type=click.Path(dir_okay=False), help="File (default: stdout).")
def export_credits(since, until, fmt, out):
    """Write the ledger entries earned in the period (contract fields)."""
    from lms.services import points_file

    tz, last = current_app.config["LMS_TIMEZONE"], until.date() if until else None
    if out is None:
        count = points_file.export(fmt, since.date(), last, tz, sys.stdout)
    else:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            count = points_file.export(fmt, since.date(), last, tz, handle)
    click.echo(f"导出 {count} 条", err=True)


xapi_cli = AppGroup("xapi", help="xAPI statements to the learning record store.")


@xapi_cli.command("push")
def push_xapi():
    """Send queued xAPI statements now (waiting back-offs included); exit 0 when
    nothing is left queued, 1 otherwise."""
    from lms.services.xapi_send import Settings, deliver

    report = deliver(Settings.from_config(current_app.config), respect_backoff=False)
    counts = report.counts
    click.echo(
        f"{report.outcome}: 已送达 {report.delivered}, 被拒 {report.failed}; "
        f"待发送 {counts.get('queued', 0)}, 失败 {counts.get('failed', 0)}"
    )
    if report.error:
        click.echo(f"错误: {report.error}", err=True)
    sys.exit(0 if counts.get("queued", 0) == 0 else 1)


@xapi_cli.command("status")
def xapi_status():
    """Counts of queued, delivered and failed xAPI statements."""
    from lms.services import xapi

    for state, count in xapi.counts().items():
        click.echo(f"{state}: {count}")


@xapi_cli.command("requeue")
@click.argument("statement_id", required=False)
def xapi_requeue(statement_id):
    """Queue failed statements again (all, or the one given)."""
    from lms.services import xapi

    count = xapi.requeue_failed(statement_id)
    db.session.commit()
    click.echo(f"重新排队 {count} 条")


search_cli = AppGroup("search", help="The search index of courses and lessons.")


@search_cli.command("reindex")
def search_reindex():
    """Rebuild the search index from the database (in <LMS_DATA_DIR>/search)."""
    import time

    from lms.services import search_index

    started = time.perf_counter()
    count = search_index.rebuild()
    click.echo(f"索引 {count} 条, {time.perf_counter() - started:.1f} s")


# -- media (issue 3) and narrated videos (issue 7): lms/services/video_*, narrated --
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
    from lms.services import narrated, video_import

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
    from lms.services import video_import

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
    from lms.services import media_jobs

    for job in media_jobs.recent_jobs(limit):
        lesson = f"{job.lesson.course.code}/{job.lesson.code}"
        error = f"  {job.error_code}: {job.error_message}" if job.error_code else ""
        click.echo(f"{job.id:>5} {job.state:<8} {job.progress:>4.0%} "
                   f"×{job.attempts} {job.kind:<9} {lesson}{error}")  # fmt: skip


@courses_cli.command("make-video")
@click.argument("lesson_path", metavar="COURSE/LESSON")
@click.option("--queue", is_flag=True, help="Hand the job to the worker.")
@click.option("--wait", is_flag=True, help="With --queue: wait until it finishes.")
def make_video(lesson_path, queue, wait):
    """Render the lesson's narrated video and publish it through the media pipeline."""
    from lms.services import narrated

    job = narrated.request_narration(_lesson_by_path(lesson_path), replace_upload=True)
    db.session.commit()
    if job is None:
        click.echo("视频已是最新（或已有任务在处理）")
        return
    _run_or_queue(job, queue, wait)


def register(app: Flask) -> None:
    app.cli.add_command(courses_cli)
    app.cli.add_command(lms_cli)
    app.cli.add_command(quizzes_cli)
    app.cli.add_command(credits_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(xapi_cli)
    app.cli.add_command(media_cli)
