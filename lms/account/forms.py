"""The account's forms (CSRF-protected by Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Length


class PasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Please enter your password.")), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("New password (8 characters or more)"),
        validators=[DataRequired(_l("Please enter your password.")), Length(max=128)],
        render_kw={"autocomplete": "new-password"},
    )


class CloseForm(FlaskForm):
    understood = BooleanField(
        _l("I understand: my account cannot be opened again."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
