"""The trainers' studio: the courses of their own school (authoring grows here)."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from lms.access import require_roles
from lms.extensions import db
from lms.models import Course, Role

bp = Blueprint("studio", __name__, url_prefix="/studio")
require_roles(bp, Role.TRAINER, Role.ADMIN)


@bp.get("/")
def index():
    query = select(Course).order_by(Course.code)
    if not current_user.has_role(Role.ADMIN):
        query = query.where(Course.school_id == current_user.organisation_id)
    courses = db.session.scalars(query).all()
    return render_template("studio/index.html", courses=courses)


import lms.studio.media  # noqa: E402, F401  (lesson videos)
from lms.studio import courses as _course_pages  # noqa: E402, F401  (issue 9)
from lms.studio import (  # noqa: E402, F401
    exchange,
    images,
    insight,
    lessons,
    quiz_stats,  # noqa: E402, F401
)
