"""Staff accounts: creating trainers, union officers, station masters and admins,
granting and revoking their roles, deactivating and reactivating them, and one-time
set-up codes (an invitation or a password reset). Every change goes to the audit log.

Scope is the caller's business: a union officer may only invite station masters, and
the union domain checks the station is inside their subtree before calling here.
"""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from lms.extensions import db
from lms.models import Organisation, OrgKind, Person, PersonRole, Role
from lms.services.accounts import audit, people
from lms.services.accounts.auth import set_password
from lms.services.accounts.sessions import end_sessions
from lms.services.errors import Forbidden, Invalid

STAFF_ROLES = (Role.TRAINER, Role.UNION_ADMIN, Role.STATION_MASTER, Role.ADMIN)
# Where each role's organisation may sit in the tree (None: any, or none at all).
ROLE_ORG_KINDS: dict[Role, set[OrgKind] | None] = {
    Role.TRAINER: {OrgKind.SCHOOL},
    Role.UNION_ADMIN: {OrgKind.CITY, OrgKind.DISTRICT, OrgKind.UNION, OrgKind.STATION},
    Role.STATION_MASTER: {OrgKind.STATION},
    Role.ADMIN: None,
}
CODE_HOURS = 72
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread
MIN_PASSWORD = 8
PHONE = re.compile(r"^1\d{10}$")
BAD_CODE = _l("The phone number or the one-time code is wrong, used or expired.")


def _may_manage(actor: Person, role: Role) -> None:
    if actor.has_role(Role.ADMIN):
        return
    if role == Role.STATION_MASTER and actor.has_role(Role.UNION_ADMIN):
        return
    raise Forbidden()


def _check_org(role: Role, org: Organisation | None) -> None:
    kinds = ROLE_ORG_KINDS[role]
    if kinds is None:
        return
    if org is None or org.kind not in kinds:
        messages = {
            Role.TRAINER: _l("A trainer belongs to a school: choose one."),
            Role.UNION_ADMIN: _l(
                "A union officer needs the organisation they look after."
            ),
            Role.STATION_MASTER: _l("A station master needs their station."),
        }
        raise Invalid(messages[role], code="organisation")


def _clean(name: str, phone: str) -> tuple[str, str]:
    name, phone = (name or "").strip(), (phone or "").strip().replace(" ", "")
    if not name or len(name) > 100:
        raise Invalid(_l("Give the person's name."), code="name")
    if not PHONE.match(phone):
        raise Invalid(
            _l("A phone number has 11 digits and starts with 1."), code="phone"
        )
    return name, phone


def create_account(
    actor: Person,
    *,
    name: str,
    phone: str,
    role: Role,
    organisation: Organisation | None,
    now: datetime,
) -> tuple[Person, str]:
    """A new staff account without a password; returns it and its one-time code, which
    the person uses once to choose their password."""
    _may_manage(actor, role)
    name, phone = _clean(name, phone)
    _check_org(role, organisation)
    if db.session.scalar(select(Person.id).where(Person.phone == phone)):
        raise Invalid(
            _l("This phone number already has an account: open it to add the role."),
            code="phone_taken",
        )
    person = Person(person_id=f"staff-{uuid.uuid4().hex[:12]}", name=name, phone=phone)
    person.organisation = organisation
    person.grant(role)
    db.session.add(person)
    db.session.flush()
    code = _issue_code(person, now)
    org = organisation.code if organisation else ""
    audit.record(actor, "account_create", [person.id], role=role.value, org=org)
    return person, code


def grant_role(
    actor: Person, person: Person, role: Role, organisation: Organisation | None
) -> None:
    """Add `role`; the person moves to `organisation` when the role needs one."""
    _may_manage(actor, role)
    _check_org(role, organisation if organisation else person.organisation)
    if organisation is not None:
        person.organisation = organisation
    person.grant(role)
    db.session.flush()
    org = person.organisation.code if person.organisation else ""
    audit.record(actor, "role_grant", [person.id], role=role.value, org=org)


def revoke_role(actor: Person, person: Person, role: Role) -> None:
    _may_manage(actor, role)
    if person.id == actor.id and role == Role.ADMIN:
        raise Invalid(_l("You cannot take away your own admin role."))
    person.role_rows = [r for r in person.role_rows if r.role != role]
    db.session.flush()
    audit.record(actor, "role_revoke", [person.id], role=role.value)


def deactivate(actor: Person, person: Person, reason: str, now: datetime) -> None:
    """Stop the account: no sign-in, and every open session and token ends now."""
    if person.id == actor.id:
        raise Invalid(_l("You cannot deactivate your own account."))
    if person.deactivated_at is None:
        person.deactivated_at = now
        end_sessions(person, now)
        audit.record(actor, "account_deactivate", [person.id], reason)


def reactivate(actor: Person, person: Person, now: datetime) -> None:
    if person.deactivated_at is not None:
        person.deactivated_at = None
        db.session.flush()
        audit.record(actor, "account_reactivate", [person.id], at=now.isoformat())


def reset_password(actor: Person, person: Person, now: datetime) -> str:
    """The old password stops working and every session ends; returns a one-time code
    with which the person chooses a new password."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden()
    person.password_hash = None
    end_sessions(person, now)
    code = _issue_code(person, now)
    audit.record(actor, "password_reset", [person.id])
    return code


def _issue_code(person: Person, now: datetime) -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    person.setup_code_hash = generate_password_hash(code)
    person.setup_code_expires_at = now + timedelta(hours=CODE_HOURS)
    db.session.flush()
    return code


def redeem_code(phone: str, code: str, password: str, now: datetime) -> Person:
    """Choose a password with a one-time code; the code works once."""
    if len(password or "") < MIN_PASSWORD:
        raise Invalid(_l("The password needs at least 8 characters."), code="password")
    phone = (phone or "").strip()
    person = db.session.scalar(select(Person).where(Person.phone == phone))
    code = (code or "").strip().upper().replace(" ", "")
    if (
        person is None
        or person.deactivated_at is not None
        or not person.setup_code_hash
        or person.setup_code_expires_at is None
        or person.setup_code_expires_at <= now
        or not check_password_hash(person.setup_code_hash, code)
    ):
        raise Invalid(BAD_CODE, code="bad_code")
    set_password(person, password)
    person.setup_code_hash = person.setup_code_expires_at = None
    db.session.flush()
    audit.record(person, "password_set", [person.id])
    return person


def staff(text: str = "", limit: int = 200) -> list[Person]:
    """People holding a staff role, optionally matching a name, phone or person id."""
    roles = select(PersonRole.person_id).where(
        PersonRole.role.in_([r.value for r in STAFF_ROLES])
    )
    return people.search(text, limit, select(Person).where(Person.id.in_(roles)))
