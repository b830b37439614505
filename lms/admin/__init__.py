"""Administrators' pages."""

from flask import Blueprint, render_template
from sqlalchemy import func, select

from lms.access import require_roles
from lms.extensions import db
from lms.models import Course, Lesson, Organisation, Person, Role

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
    return render_template("admin/index.html", counts=counts)


import lms.admin.media  # noqa: E402, F401  (video jobs)
import lms.admin.orgs  # noqa: E402, F401  (organisation tree)
import lms.admin.people  # noqa: E402, F401  (audit log, deactivation)
from lms.admin import credits  # noqa: E402, F401
