"""Workers' notices (campaign reminders) in the app: a blueprint of its own, open to
every signed-in person, registered alongside the union blueprint."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from lms.access import require_roles
from lms.extensions import db
from lms.models.base import utcnow
from lms.services.union import behind, campaigns, notifications, reminders
from lms.union import bp as union_bp

bp = Blueprint("notices", __name__, url_prefix="/notices")
require_roles(bp)  # signed in, any role


@bp.get("/")
def index():
    return render_template(
        "union/notices.html", notices=notifications.notices_for(current_user)
    )


@bp.post("/read")
def read_all():
    notifications.mark_all_read(current_user, utcnow())
    db.session.commit()
    return redirect(url_for("notices.index"))


@bp.app_template_filter("local_time")
def local_time(moment: datetime | None) -> str:
    """A UTC moment as local wall time (LMS_TIMEZONE, Asia/Shanghai by default)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(reminders.zone()).strftime("%Y-%m-%d %H:%M")


@bp.app_context_processor
def my_campaigns():
    """`my_campaigns()` in templates: the signed-in worker's running campaigns, each
    with progress and the next lesson to open (the worker home's campaign card)."""

    def running() -> list:
        if not getattr(current_user, "is_authenticated", False):
            return []
        found = campaigns.for_worker(current_user, utcnow())
        for item in found:
            courses = behind.campaign_courses(item.campaign)
            nxt = behind.with_next_lessons([current_user], courses)[0].next_lesson
            item.next_lesson = nxt
        return found

    return {"my_campaigns": running}


@bp.app_context_processor
def unread_notices():
    """`unread_notices()` in templates: the signed-in person's unread notice count."""

    def count() -> int:
        if not getattr(current_user, "is_authenticated", False):
            return 0
        return notifications.unread_count(current_user)

    return {"unread_notices": count}


union_bp.record_once(lambda state: state.app.register_blueprint(bp))
