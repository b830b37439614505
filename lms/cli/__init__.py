"""Command-line entry points, one module per area: `flask courses|quizzes|media|lms|
search|credits|xapi ...`."""

from flask import Flask

from lms.cli import backup  # noqa: F401  (adds `lms backup` and `lms restore`)
from lms.cli.courses import courses_cli, quizzes_cli
from lms.cli.instance import lms_cli, search_cli
from lms.cli.media import media_cli
from lms.cli.records import credits_cli, xapi_cli


def register(app: Flask) -> None:
    for group in (
        courses_cli,
        quizzes_cli,
        media_cli,
        lms_cli,
        search_cli,
        credits_cli,
        xapi_cli,
    ):
        app.cli.add_command(group)
