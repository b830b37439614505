"""Administrators' pages about people: the audit log (who exported member lists,
revealed a phone, changed roles or accounts), and deactivating an account."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from lms.admin import bp
from lms.errors import NotFound
from lms.extensions import db
from lms.models import Person, Role
from lms.models.base import utcnow
from lms.services.accounts import audit, staff

ACTIONS = {
    "member_export": _l("Exported a member list"),
    "phone_reveal": _l("Revealed a phone number"),
    "role_change": _l("Changed roles"),
    "account_deactivate": _l("Deactivated an account"),
    "member_import": _l("Imported members"),
    "account_close": _l("Closed their own account"),
}


ROLE_NAMES = {
    Role.WORKER: _l("Worker"),
    Role.TRAINER: _l("Trainer"),
    Role.UNION_ADMIN: _l("Union officer"),
    Role.STATION_MASTER: _l("Station master"),
    Role.ADMIN: _l("Administrator"),
}


@bp.get("/audit")
def audit_log():
    action = request.args.get("action") or None
    events = audit.recent(300, action if action in ACTIONS else None)
    ids = {e.actor_id for e in events if e.actor_id}
    people = {
        p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))
    }
    return render_template(
        "admin/audit.html", events=events, people=people, actions=ACTIONS, action=action
    )


@bp.get("/people")
def people():
    """Find an account by phone number or person ID (exact), to deactivate it."""
    query = (request.args.get("q") or "").strip()[:64]
    found = []
    if query:
        where = (Person.phone == query) | (Person.person_id == query)
        found = list(db.session.scalars(select(Person).where(where).limit(20)))
    return render_template(
        "admin/people.html", query=query, found=found, role_names=ROLE_NAMES
    )


@bp.post("/people/<int:person_id>/deactivate")
def deactivate(person_id: int):
    person = db.session.get(Person, person_id)
    if person is None:
        raise NotFound()
    staff.deactivate(current_user, person, request.form.get("reason") or "", utcnow())
    db.session.commit()
    flash(_l("The account is deactivated: every sign-in of it has ended."))
    return redirect(url_for("admin.people", q=person.person_id))
