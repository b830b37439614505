"""Administrators' organisation pages: the tree, adding an organisation, attributes."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from lms.admin import bp
from lms.extensions import db
from lms.models import OrgKind
from lms.services.union import orgs as union_orgs
from lms.services.union import reach as union_scope
from lms.services.union.platforms import PLATFORMS

KIND_NAMES = {
    OrgKind.CITY: _l("City federation"),
    OrgKind.DISTRICT: _l("District federation"),
    OrgKind.UNION: _l("New-employment union"),
    OrgKind.STATION: _l("Station"),
    OrgKind.SCHOOL: _l("School"),
}


class OrgForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=64)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(k.value, v) for k, v in KIND_NAMES.items()]
    )
    parent = SelectField(_l("Parent"), coerce=int, validate_choice=False)


class OrgAttributesForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    platform = SelectField(
        _l("Platform company"),
        choices=[SelectChoice("", "—")]
        + [SelectChoice(c, n) for c, n in PLATFORMS.items()],
    )
    school = SelectField(_l("School"), coerce=int, validate_choice=False)


def _org_choices(kind: OrgKind | None = None, blank: str = "—"):
    orgs = union_scope.scoped_org_choices(current_user)
    return [SelectChoice(0, blank)] + [
        SelectChoice(o.id, f"{o.name}（{o.code}）")
        for o in orgs
        if kind is None or o.kind == kind
    ]


@bp.route("/orgs", methods=["GET", "POST"])
def orgs():
    form = OrgForm()
    form.parent.choices = _org_choices()
    if form.validate_on_submit():
        union_orgs.create_org(
            current_user,
            form.code.data,
            form.name.data,
            OrgKind(form.kind.data),
            form.parent.data or None,
        )
        db.session.commit()
        flash(_l("The organisation was added."))
        return redirect(url_for("admin.orgs"))
    return render_template(
        "admin/orgs.html",
        rows=union_orgs.tree_rows(current_user),
        form=form,
        kinds=KIND_NAMES,
        platforms=PLATFORMS,
    )


@bp.route("/orgs/<int:org_id>", methods=["GET", "POST"])
def org_edit(org_id: int):
    org = union_scope.get_org(current_user, org_id)
    attrs = union_orgs.profile(org)
    form = OrgAttributesForm(
        name=org.name, platform=attrs.platform or "", school=attrs.school_id or 0
    )
    form.school.choices = _org_choices(OrgKind.SCHOOL)
    if form.validate_on_submit():
        union_orgs.update_org(
            current_user,
            org.id,
            form.name.data,
            form.platform.data or None,
            form.school.data or None,
        )
        db.session.commit()
        flash(_l("Saved."))
        return redirect(url_for("admin.orgs"))
    return render_template("admin/orgs_form.html", form=form, org=org)
