"""Union officers' view of station classes in their scope: attendance, pass rates."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from lms.access import require_roles
from lms.models import Role
from lms.services.classes import reports as class_reports
from lms.services.classes import schedule

bp = Blueprint("class_reports", __name__, url_prefix="/union/classes")
require_roles(bp, Role.UNION_ADMIN, Role.ADMIN)


@bp.get("/")
def index():
    return render_template(
        "classes/reports.html",
        reports=class_reports.classes_in_scope(current_user),
        zone=schedule.zone(),
    )
