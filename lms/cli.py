"""Command-line entry points: `flask courses ...`, `flask lms ...`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

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
def import_courses(paths):
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
        course_import.import_course(spec, media)
        db.session.commit()
        click.echo(f"导入 {spec.code}: {len(spec.lessons)} 节课")
    sys.exit(1 if failed else 0)


@lms_cli.command("demo")
def demo_accounts():
    """Create the demo organisations and accounts (printed with their passwords)."""
    accounts = Path(current_app.config["LMS_DATA_DIR"]) / "demo-accounts.txt"
    lines = demo.ensure_demo(accounts)
    db.session.commit()
    click.echo(f"Demo accounts (kept in {accounts}):")
    for line in lines:
        click.echo(f"  {line}")


def register(app: Flask) -> None:
    app.cli.add_command(courses_cli)
    app.cli.add_command(lms_cli)
