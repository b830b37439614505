"""Account views: thin, each calls one service."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from lms.access import sign_in
from lms.account import bp
from lms.account.forms import PasswordForm
from lms.errors import ServiceError
from lms.extensions import db
from lms.models.base import utcnow
from lms.services.accounts import auth


@bp.get("/")
def index():
    return render_template("account/index.html")


@bp.route("/password", methods=["GET", "POST"])
def password():
    """A new password ends every session and token of the person, this one too;
    this phone is signed in again at once."""
    form = PasswordForm()
    error = None
    if form.validate_on_submit():
        person = current_user._get_current_object()
        try:
            auth.change_password(person, form.current.data, form.new.data, utcnow())
        except ServiceError as exc:
            db.session.rollback()
            error = exc.message
        else:
            sign_in(person)
            db.session.commit()
            return render_template("account/index.html", done=_("Password changed."))
    page = render_template("account/password.html", form=form, error=error)
    return page, (422 if error else 200)
