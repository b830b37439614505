"""Studio course pages: create a course, edit its details, order and publish."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from lms.errors import Invalid
from lms.extensions import db
from lms.services.studio import courses as studio_courses
from lms.studio import bp

TOPIC_CHOICES = [
    SelectChoice("first_aid", _l("First aid")),
    SelectChoice("mediation", _l("Mediation")),
    SelectChoice("fire_safety", _l("Fire safety")),
    SelectChoice("other", _l("Other")),
]


class CourseForm(FlaskForm):
    title = StringField(
        _l("Course title"),
        validators=[DataRequired(_l("Give the course a title.")), Length(max=200)],
    )
    topic = SelectField(_l("Topic"), choices=TOPIC_CHOICES)
    summary = TextAreaField(_l("One or two sentences about the course"))
    code = StringField(
        _l("Short code (optional)"), validators=[Optional(), Length(max=64)]
    )


def _actor():
    return current_user._get_current_object()


@bp.route("/courses/new", methods=["GET", "POST"])
def course_new():
    form = CourseForm()
    error = None
    if form.validate_on_submit():
        try:
            course = studio_courses.create_course(
                _actor(),
                form.title.data,
                form.topic.data,
                form.summary.data,
                form.code.data,
            )
        except Invalid as exc:
            error = exc.message
        else:
            db.session.commit()
            return redirect(url_for("studio.course", course_id=course.id))
    status = 422 if form.is_submitted() else 200
    return render_template("studio/course_new.html", form=form, error=error), status


@bp.route("/courses/<int:course_id>", methods=["GET", "POST"])
def course(course_id: int):
    course = studio_courses.editable_course(_actor(), course_id)
    form = CourseForm(obj=course)
    error = None
    if form.validate_on_submit():
        try:
            studio_courses.update_course(
                _actor(), course, form.title.data, form.topic.data, form.summary.data
            )
        except Invalid as exc:
            error = exc.message
        else:
            db.session.commit()
            return redirect(url_for("studio.course", course_id=course.id))
    page = render_template(
        "studio/course.html",
        course=course,
        form=form,
        error=error,
        items=studio_courses.items(course),
    )
    return page, (422 if form.is_submitted() else 200)


@bp.post("/courses/<int:course_id>/move")
def course_move(course_id: int):
    course = studio_courses.editable_course(_actor(), course_id)
    step = -1 if request.form.get("direction") == "up" else 1
    studio_courses.move_lesson(_actor(), course, request.form.get("code", ""), step)
    db.session.commit()
    return redirect(url_for("studio.course", course_id=course.id))


@bp.post("/courses/<int:course_id>/status")
def course_status(course_id: int):
    course = studio_courses.editable_course(_actor(), course_id)
    published = request.form.get("status") == "published"
    studio_courses.set_published(_actor(), course, published)
    db.session.commit()
    return redirect(url_for("studio.course", course_id=course.id))
