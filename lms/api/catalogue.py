"""Catalogue endpoints: courses, a course with its lessons, a lesson."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from lms.api import bp, present
from lms.extensions import db
from lms.files import media_url
from lms.services.catalogue import browse as catalogue
from lms.services.learning import progress


@bp.get("/courses")
def courses():
    found = catalogue.published_courses(request.args.get("topic") or None)
    done = catalogue.completed_counts(current_user, [c.id for c in found])
    return jsonify(
        {"courses": [present.course_summary(c, done.get(c.id, 0)) for c in found]}
    )


@bp.get("/courses/<course_id>")
def course(course_id: str):
    found = catalogue.get_course(course_id)
    rows = catalogue.progress_by_lesson(current_user, [x.id for x in found.lessons])
    body = present.course_summary(
        found, sum(1 for r in rows.values() if r.completed_at)
    )
    body["lessons"] = [present.lesson_summary(x, rows.get(x.id)) for x in found.lessons]
    return jsonify(body)


@bp.get("/lessons/<lesson_id>")
def lesson(lesson_id: str):
    found = catalogue.get_lesson(lesson_id)
    row = progress.open_lesson(current_user, found)
    db.session.commit()
    html = catalogue.guide_html(found, media_url)
    return jsonify(present.lesson_detail(found, row, html))
