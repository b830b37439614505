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


from lms.studio import quiz_stats  # noqa: E402, F401
