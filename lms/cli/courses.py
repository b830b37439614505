"""`flask courses ...` and `flask quizzes ...`: course and quiz files."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

import quizzes
from courses.check import check_paths, quiz_checker
from courses.loader import find_courses, load_course
from courses.spec import CourseInvalid
from lms.cli.media import _lesson_by_path, _queue_course_videos, _run_or_queue
from lms.extensions import db
from lms.services.catalogue import importing as course_import

courses_cli = AppGroup("courses", help="Course files: check and import.")


def _paths(paths: tuple[str, ...]) -> list[Path]:
    return [Path(p) for p in paths] or [Path(current_app.config["LMS_COURSE_CONTENT"])]


@courses_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def check(paths):
    """Validate course folders; print every problem with its file and line."""
    sys.exit(check_paths(_paths(paths), echo=click.echo))


@courses_cli.command("import")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--with-videos",
    is_flag=True,
    help="Queue narrated videos for lessons without a video (worker makes them).",
)
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


@courses_cli.command("make-video")
@click.argument("lesson_path", metavar="COURSE/LESSON")
@click.option("--queue", is_flag=True, help="Hand the job to the worker.")
@click.option("--wait", is_flag=True, help="With --queue: wait until it finishes.")
def make_video(lesson_path, queue, wait):
    """Render the lesson's narrated video and publish it through the media pipeline."""
    from lms.services.video import narrated

    job = narrated.request_narration(_lesson_by_path(lesson_path), replace_upload=True)
    db.session.commit()
    if job is None:
        click.echo("视频已是最新（或已有任务在处理）")
        return
    _run_or_queue(job, queue, wait)
