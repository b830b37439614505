"""The sign-in, password-reset and account set-up forms (CSRF-protected by Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class PhoneForm(FlaskForm):
    """Every form here starts with the phone number the account signs in with."""

    phone = StringField(
        _l("Phone number"),
        validators=[
            DataRequired(_l("Please enter your phone number.")),
            Length(max=32),
        ],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )


class LoginForm(PhoneForm):
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please enter your password.")), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotForm(PhoneForm):
    pass


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


class SetupForm(PhoneForm):
    code = StringField(
        _l("One-time code"),
        validators=[
            DataRequired(_l("Please enter the one-time code.")),
            Length(max=32),
        ],
        render_kw={"autocomplete": "one-time-code"},
    )
    password = PasswordField(
        _l("New password (at least 8 characters)"),
        validators=[DataRequired(_l("Please enter your password.")), Length(max=128)],
        render_kw={"autocomplete": "new-password"},
    )
    repeat = PasswordField(
        _l("The new password again"),
        validators=[EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
