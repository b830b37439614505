"""Reminder texts: the default wording for a basis, the officer's edited template
checked, and the template filled for each member (name, course, lessons left, and the
deadline in local time). Workers read Chinese, so the default is written in zh_CN."""

from __future__ import annotations

from string import Formatter
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.services.errors import Invalid
from lms.services.union.behind import Basis, BehindMember

FIELDS = ("name", "course", "left", "deadline")
MAX_LENGTH = 300


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["LMS_TIMEZONE"])


def default_template(basis: Basis) -> str:
    """The wording an officer starts from; a campaign's title leads, as written."""
    with force_locale("zh_CN"):
        if basis.campaign is None:
            return _(
                "{name}, you have {left} lessons of “{course}” left. "
                "Tap the link to go on learning."
            )
        text = _(
            "{name}, please finish “{course}” by {deadline}: {left} lessons left. "
            "Tap the link to open your next lesson."
        )
    title = basis.campaign.title.replace("{", "{{").replace("}", "}}")
    return f"【{title}】{text}"


def check_template(text: str | None) -> str:
    """The template stripped; Invalid unless it uses only FIELDS, plainly."""
    text = (text or "").strip()
    message = _l(
        "The reminder text must be 1 to 300 characters and may use only "
        "{name}, {course}, {left} and {deadline}."
    )
    if not text or len(text) > MAX_LENGTH:
        raise Invalid(message)
    try:
        parts = list(Formatter().parse(text))
    except ValueError:
        raise Invalid(message) from None
    for _literal, field, spec, conversion in parts:
        if field is not None and (field not in FIELDS or spec or conversion):
            raise Invalid(message)
    return text


def deadline_text(basis: Basis) -> str:
    if basis.deadline_at is None:
        with force_locale("zh_CN"):
            return _("as soon as possible")
    return basis.deadline_at.astimezone(zone()).strftime("%Y-%m-%d %H:%M")


def fill(template: str, member: BehindMember, basis: Basis) -> str:
    """The text one member receives (the link travels separately)."""
    lesson = member.next_lesson
    course = lesson.course if lesson else (basis.courses[0] if basis.courses else None)
    return template.format(
        name=member.person.name,
        course=course.title if course else "",
        left=member.left,
        deadline=deadline_text(basis),
    )
