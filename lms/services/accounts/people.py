"""People: creating accounts, and showing phone numbers without exposing them."""

from __future__ import annotations

from sqlalchemy import Select, or_, select

from lms.extensions import db
from lms.models import Organisation, Person, Role
from lms.services.accounts import audit
from lms.services.accounts.auth import set_password
from lms.services.phones import mask_phone  # noqa: F401 (re-exported)


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


def search(text: str, limit: int = 50, query: Select | None = None) -> list[Person]:
    """People (of `query`, default all) whose name, phone or city-wide person id
    contains `text`; an exact person id or phone comes first."""
    text = (text or "").strip()[:100]
    query = query if query is not None else select(Person)
    if text:
        like = f"%{text}%"
        query = query.where(
            or_(
                Person.name.like(like),
                Person.phone.like(like),
                Person.person_id.like(like),
            )
        )
    exact = or_(Person.person_id == text, Person.phone == text)
    ordered = query.order_by(exact.desc(), Person.name, Person.id)
    return list(db.session.scalars(ordered.limit(limit)))
