"""Studio insight page: how workers do in a course's lessons."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from lms.services.studio import courses as studio_courses
from lms.services.studio import insight as studio_insight
from lms.services.video.access import can_edit
from lms.studio import bp


@bp.get("/courses/<int:course_id>/insight")
def course_insight(course_id: int):
    course = studio_courses.readable_course(current_user, course_id)
    return render_template(
        "studio/insight.html",
        course=course,
        lessons=studio_insight.course_insight(course),
        bins=studio_insight.BINS,
        editable=can_edit(current_user, course),
    )
