"""Station masters an officer looks after: the ones inside the officer's subtree, and
inviting a new one to a station of that subtree (the account itself is made by
`accounts.staff`, which records it in the audit log)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from lms.extensions import db
from lms.models import Person, PersonRole, Role
from lms.services.accounts import staff as accounts
from lms.services.union.reach import get_org
from lms.services.union.scope import people_in_scope


def station_masters(actor: Person) -> list[Person]:
    masters = select(PersonRole.person_id).where(
        PersonRole.role == Role.STATION_MASTER.value
    )
    query = people_in_scope(actor, select(Person).where(Person.id.in_(masters)))
    return list(db.session.scalars(query.order_by(Person.name, Person.id)))


def invite_station_master(
    actor: Person, station_id: int, name: str, phone: str, now: datetime
) -> tuple[Person, str]:
    """A station master for a station inside `actor`'s scope (NotFound outside it);
    returns the account and its one-time code."""
    station = get_org(actor, station_id)
    return accounts.create_account(
        actor,
        name=name,
        phone=phone,
        role=Role.STATION_MASTER,
        organisation=station,
        now=now,
    )
