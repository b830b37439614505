"""The trainers' studio: the courses of their own school (authoring grows here)."""

from flask import Blueprint, render_template
from flask_login import current_user

from lms.access import require_roles
from lms.models import Role
from lms.services.studio import courses as studio_courses

bp = Blueprint("studio", __name__, url_prefix="/studio")
require_roles(bp, Role.TRAINER, Role.ADMIN)


@bp.get("/")
def index():
    actor = current_user._get_current_object()
    return render_template(
        "studio/index.html",
        courses=studio_courses.editable_courses(actor),
        library=studio_courses.library(actor),
    )


import lms.studio.media  # noqa: E402, F401  (lesson videos)
from lms.studio import courses as _course_pages  # noqa: E402, F401  (issue 9)
from lms.studio import (  # noqa: E402, F401
    exchange,
    images,
    insight,
    lessons,
    quiz_stats,  # noqa: E402, F401
)
