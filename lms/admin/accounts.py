"""Administrators' account pages: staff list and search, creating an account (with a
one-time code to hand over), roles, deactivation and password resets."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from lms.admin import bp
from lms.admin.orgs import KIND_NAMES
from lms.errors import Invalid, NotFound
from lms.extensions import db
from lms.models import Organisation, Person, Role
from lms.models.base import utcnow
from lms.services.accounts import staff as accounts
from lms.services.union import reach

ROLE_NAMES = {
    Role.TRAINER: _l("Trainer"),
    Role.UNION_ADMIN: _l("Union officer"),
    Role.STATION_MASTER: _l("Station master"),
    Role.ADMIN: _l("Administrator"),
    Role.WORKER: _l("Worker"),
}


class AccountForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Length(max=100)])
    phone = StringField(
        _l("Phone number"), render_kw={"inputmode": "tel", "autocomplete": "off"}
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value, ROLE_NAMES[r]) for r in accounts.STAFF_ROLES],
    )
    organisation = SelectField(_l("Organisation"), coerce=int, validate_choice=False)


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value, ROLE_NAMES[r]) for r in accounts.STAFF_ROLES],
    )
    organisation = SelectField(_l("Organisation"), coerce=int, validate_choice=False)


def _org_choices():
    orgs = reach.scoped_org_choices(current_user)
    return [SelectChoice(0, "—")] + [
        SelectChoice(o.id, f"{o.name}（{KIND_NAMES.get(o.kind, o.kind)}）")
        for o in orgs
    ]


def _org(org_id: int | None) -> Organisation | None:
    return reach.get_org(current_user, org_id) if org_id else None


def _person(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None:
        raise NotFound(_l("There is no such account."))
    return person


@bp.get("/accounts")
def accounts_page():
    search = request.args.get("q", "")[:100]
    return render_template(
        "admin/accounts.html",
        people=accounts.staff(search),
        search=search,
        role_names=ROLE_NAMES,
    )


@bp.route("/accounts/new", methods=["GET", "POST"])
def account_new():
    form = AccountForm()
    form.organisation.choices = _org_choices()
    error = None
    if form.validate_on_submit():
        try:
            person, code = accounts.create_account(
                current_user,
                name=form.name.data,
                phone=form.phone.data,
                role=Role(form.role.data),
                organisation=_org(form.organisation.data),
                now=utcnow(),
            )
        except Invalid as exc:
            db.session.rollback()
            error = exc.message
        else:
            db.session.commit()
            return render_template("admin/account_code.html", person=person, code=code)
    page = render_template("admin/account_new.html", form=form, error=error)
    return page, (422 if error else 200)


@bp.get("/accounts/<int:person_id>")
def account(person_id: int):
    person = _person(person_id)
    form = RoleForm(organisation=person.organisation_id or 0)
    form.organisation.choices = _org_choices()
    return render_template(
        "admin/account.html", person=person, form=form, role_names=ROLE_NAMES
    )


@bp.post("/accounts/<int:person_id>/roles")
def account_grant(person_id: int):
    person = _person(person_id)
    form = RoleForm()
    form.organisation.choices = _org_choices()
    form.validate()
    accounts.grant_role(
        current_user, person, Role(form.role.data), _org(form.organisation.data)
    )
    db.session.commit()
    flash(_l("The role was added."))
    return redirect(url_for("admin.account", person_id=person.id))


@bp.post("/accounts/<int:person_id>/roles/<role>/revoke")
def account_revoke(person_id: int, role: str):
    if role not in {r.value for r in accounts.STAFF_ROLES}:
        raise NotFound()
    accounts.revoke_role(current_user, _person(person_id), Role(role))
    db.session.commit()
    flash(_l("The role was taken away."))
    return redirect(url_for("admin.account", person_id=person_id))


@bp.post("/accounts/<int:person_id>/deactivate")
def account_deactivate(person_id: int):
    person = _person(person_id)
    accounts.deactivate(current_user, person, request.form.get("reason", ""), utcnow())
    db.session.commit()
    flash(_l("The account is deactivated and its sessions have ended."))
    return redirect(url_for("admin.account", person_id=person.id))


@bp.post("/accounts/<int:person_id>/reactivate")
def account_reactivate(person_id: int):
    accounts.reactivate(current_user, _person(person_id), utcnow())
    db.session.commit()
    flash(_l("The account is active again."))
    return redirect(url_for("admin.account", person_id=person_id))


@bp.post("/accounts/<int:person_id>/reset")
def account_reset(person_id: int):
    person = _person(person_id)
    code = accounts.reset_password(current_user, person, utcnow())
    db.session.commit()
    return render_template("admin/account_code.html", person=person, code=code)
