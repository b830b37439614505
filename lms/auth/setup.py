"""Choosing a password with the one-time code an administrator handed out (a new
staff account or a password reset), and where each kind of person lands after sign-in."""

from __future__ import annotations

from flask import redirect, render_template, url_for

from lms.access import sign_in
from lms.auth import bp
from lms.auth.forms import SetupForm
from lms.errors import Invalid
from lms.extensions import db, limiter
from lms.models import Person, Role
from lms.models.base import utcnow
from lms.services.accounts import staff as accounts


def landing_url(person: Person) -> str:
    """Trainers land in the studio, officers on their union pages, admins at home."""
    if person.has_role(Role.ADMIN):
        return url_for("admin.index")
    if person.has_role(Role.TRAINER):
        return url_for("studio.index")
    if person.has_role(Role.UNION_ADMIN):
        return url_for("union.index")
    return url_for("learner.home")


@bp.route("/password/setup", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def setup_password():
    form = SetupForm()
    error = None
    if form.validate_on_submit():
        try:
            person = accounts.redeem_code(
                form.phone.data, form.code.data, form.password.data, utcnow()
            )
        except Invalid as exc:
            db.session.rollback()
            error = exc.message
        else:
            db.session.commit()
            sign_in(person)
            return redirect(landing_url(person))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/setup.html", form=form, error=error), status
