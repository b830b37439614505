"""Studio picture upload for guides (JSON answer with the Markdown to insert)."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.extensions import db
from lms.files import media_root
from lms.services.studio import courses as studio_courses
from lms.services.studio import images as studio_images
from lms.studio import bp


@bp.post("/courses/<int:course_id>/images")
def image_upload(course_id: int):
    actor = current_user._get_current_object()
    course = studio_courses.editable_course(actor, course_id)
    upload = request.files.get("image")
    data = upload.read(studio_images.MAX_BYTES + 1) if upload else b""
    images = media_root() / "courses" / course.code / "images"
    markdown = studio_images.add_image(
        actor, course, data, request.form.get("alt", ""), images
    )
    db.session.commit()
    return jsonify({"markdown": markdown, "message": _("Picture added.")}), 201
