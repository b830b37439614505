"""Administrators' pages."""

from pathlib import Path

from flask import Blueprint, current_app, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lms.access import require_roles
from lms.extensions import db
from lms.models import (
    Course,
    DeliveryState,
    JobState,
    Lesson,
    Organisation,
    Person,
    Role,
    TranscodeJob,
)
from lms.services.points import outbox as points_outbox
from lms.services.points import pusher as points_pusher

bp = Blueprint("admin", __name__, url_prefix="/admin")
require_roles(bp, Role.ADMIN)


@bp.get("/")
def index():
    counts = {
        name: db.session.scalar(select(func.count()).select_from(model))
        for name, model in [
            ("people", Person),
            ("organisations", Organisation),
            ("courses", Course),
            ("lessons", Lesson),
        ]
    }
    return render_template(
        "admin/index.html", counts=counts, attention=_attention(), links=_links()
    )


def _attention() -> dict:
    """What waits for an administrator: failed video jobs, held or stopped credits,
    member imports uploaded and not yet confirmed."""
    failed = select(func.count()).where(TranscodeJob.state == JobState.FAILED)
    imports = Path(current_app.config["LMS_DATA_DIR"]) / "imports"
    return {
        "failed_jobs": db.session.scalar(failed.select_from(TranscodeJob)),
        "held_credits": points_outbox.counts().get(DeliveryState.HELD, 0),
        "push_stopped": points_pusher.current().is_stopped,
        "pending_imports": len(list(imports.glob("*"))) if imports.is_dir() else 0,
    }


def _links() -> list[tuple[str, str, str]]:
    """(endpoint, label, hint) of every administrator's page, in the home's order."""
    return [
        ("admin.accounts_page", _l("Accounts"), _l("Staff accounts and roles")),
        (
            "admin.audit_log",
            _l("Audit log"),
            _l("Exports, phone reveals, role changes"),
        ),
        ("admin.people", _l("Find an account"), _l("By phone or person ID")),
        ("admin.orgs", _l("Organisations"), _l("The organisation tree")),
        ("admin.credits_export", _l("Credits export"), _l("Push, held and reversals")),
        ("admin.media_jobs_page", _l("Video jobs"), _l("Conversions and retries")),
        ("studio.index", _l("Studio"), _l("Courses and lessons")),
        ("union.dashboard", _l("Union dashboard"), _l("Completions by organisation")),
    ]


import lms.admin.accounts  # noqa: E402, F401  (staff accounts)
import lms.admin.credit_reversal  # noqa: E402, F401
import lms.admin.media  # noqa: E402, F401  (video jobs)
import lms.admin.orgs  # noqa: E402, F401  (organisation tree)
import lms.admin.people  # noqa: E402, F401  (audit log, deactivation)
from lms.admin import credits  # noqa: E402, F401
