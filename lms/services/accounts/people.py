"""People: creating accounts, and showing phone numbers without exposing them."""

from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.models import Organisation, Person, Role
from lms.services.accounts import audit
from lms.services.accounts.auth import set_password


def mask_phone(phone: str | None) -> str:
    """138****1234: enough to recognise a member, not enough to call them."""
    if not phone:
        return ""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def ensure_person(
    person_id: str,
    *,
    name: str,
    phone: str | None = None,
    roles: tuple[Role, ...] = (Role.WORKER,),
    organisation: Organisation | None = None,
    platform: str | None = None,
    password: str | None = None,
) -> tuple[Person, bool]:
    """The person with this city-wide id, created if missing; returns (person, created)."""
    person = db.session.scalar(select(Person).where(Person.person_id == person_id))
    created = person is None
    if created:
        person = Person(person_id=person_id, name=name, phone=phone, platform=platform)
        person.organisation = organisation
        db.session.add(person)
        if password:
            set_password(person, password)
    before = set() if created else person.roles
    for role in roles:
        person.grant(role)
    db.session.flush()
    if not created and person.roles != before:  # audited: a role given to someone
        audit.record(None, "role_change", [person.id], roles=sorted(person.roles))
    return person, created
