"""The sign-in form (CSRF-protected by Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    phone = StringField(
        _l("Phone number"),
        validators=[
            DataRequired(_l("Please enter your phone number.")),
            Length(max=32),
        ],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please enter your password.")), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotForm(FlaskForm):
    phone = StringField(
        _l("Phone number"),
        validators=[
            DataRequired(_l("Please enter your phone number.")),
            Length(max=32),
        ],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )


class ResetForm(ForgotForm):
    code = StringField(
        _l("Code from the SMS"),
        validators=[DataRequired(_l("Please enter the code.")), Length(max=12)],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code"},
    )
    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Please enter a new password.")),
            Length(max=128),
        ],
        render_kw={"autocomplete": "new-password"},
    )
