"""Station classes in the web shell: the workers' pages (classes near them, one class
with sign-up and cancel, the check-in a scanned code opens, a station's upcoming
classes), the trainers' and station masters' pages (`run`), and the union officers'
report (`reports`). Three blueprints, each with its own access rule."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from lms.access import require_roles
from lms.models.base import utcnow
from lms.services.classes import schedule, signups

bp = Blueprint("classes", __name__, url_prefix="/classes")
require_roles(bp)  # signed in, any role


@bp.app_context_processor
def near_classes():
    """`classes_near()` in templates: upcoming classes near the signed-in worker
    (the learner home includes `learner/_classes_near.html`); `class_zone()`: the
    city's time zone, for showing class times."""

    def near():
        if not getattr(current_user, "is_authenticated", False):
            return []
        return signups.classes_near(current_user, utcnow())

    return {"classes_near": near, "class_zone": schedule.zone}


from lms.classes import reports, run, views  # noqa: E402, F401
