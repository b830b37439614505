"""Studio course exchange: download a course as a zip, upload one to import."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.errors import Invalid
from lms.extensions import db
from lms.files import media_root
from lms.services.studio import courses as studio_courses
from lms.services.studio import exchange as studio_exchange
from lms.studio import bp


@bp.get("/courses/<int:course_id>/export.zip")
def course_export(course_id: int):
    course = studio_courses.editable_course(current_user, course_id)
    body = studio_exchange.export_zip(course, media_root())
    return Response(
        body,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{course.code}.zip"'},
    )


@bp.route("/courses/import", methods=["GET", "POST"])
def course_import():
    error = None
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read(studio_exchange.MAX_ZIP_BYTES + 1) if upload else b""
        try:
            course = studio_exchange.import_zip(
                current_user._get_current_object(), data, media_root()
            )
        except Invalid as exc:
            db.session.rollback()
            error = exc.message
        else:
            db.session.commit()
            return redirect(url_for("studio.course", course_id=course.id))
    page = render_template("studio/exchange_import.html", error=error)
    return page, (422 if error else 200)


@bp.post("/courses/<int:course_id>/copy")
def course_copy(course_id: int):
    actor = current_user._get_current_object()
    course = studio_courses.readable_course(actor, course_id)
    copy = studio_exchange.copy_course(actor, course, media_root())
    db.session.commit()
    flash(_l("The copy is yours to edit; workers see it once you publish it."))
    return redirect(url_for("studio.course", course_id=copy.id))
