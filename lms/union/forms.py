"""The union pages' forms (CSRF-protected by Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional


class ImportForm(FlaskForm):
    file = FileField(
        _l("Member file (.csv or .xlsx)"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "xlsx"], _l("Upload a .csv or .xlsx file.")),
        ],
    )


class ConfirmImportForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


class MoveForm(FlaskForm):
    # Not checked against the choices: the service answers 404 outside scope.
    organisation = SelectField(_l("Organisation"), coerce=int, validate_choice=False)
    platform = SelectField(_l("Platform"), validators=[Optional()])


class CampaignForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    courses = SelectMultipleField(
        _l("Courses"), coerce=int, validators=[DataRequired()]
    )
    organisations = SelectMultipleField(
        _l("Organisations"), coerce=int, validators=[Optional()]
    )
    platforms = SelectMultipleField(_l("Platforms"), validators=[Optional()])
    starts_at = DateTimeLocalField(_l("Starts"), validators=[DataRequired()])
    deadline_at = DateTimeLocalField(_l("Deadline"), validators=[DataRequired()])
