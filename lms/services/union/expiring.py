"""Certificates expiring soon, counted per station in the officer's scope (a table on
the union dashboard): who at which station should take the refresher."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from lms.extensions import db
from lms.models import Certificate, Organisation, OrgKind, Person
from lms.services.union.scope import visible_org_ids

HORIZON = timedelta(days=60)


@dataclass(frozen=True)
class StationExpiring:
    station: str
    certificates: int
    people: int


def by_station(actor: Person, now: datetime, limit: int = 20) -> list[StationExpiring]:
    """Stations with certificates that expire within 60 days of `now` (current ones:
    not revoked, not renewed), most first."""
    renewed = select(Certificate.renews_id).where(Certificate.renews_id.is_not(None))
    query = (
        select(
            Organisation.name,
            func.count(Certificate.id),
            func.count(func.distinct(Certificate.person_id)),
        )
        .join(Person, Person.id == Certificate.person_id)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .where(
            Organisation.kind == OrgKind.STATION,
            Certificate.revoked_at.is_(None),
            Certificate.expires_at > now,
            Certificate.expires_at <= now + HORIZON,
            Certificate.id.not_in(renewed),
        )
        .group_by(Organisation.id, Organisation.name)
        .order_by(func.count(Certificate.id).desc(), Organisation.name)
        .limit(limit)
    )
    orgs = visible_org_ids(actor)
    if orgs is not None:
        query = query.where(Organisation.id.in_(orgs))
    return [StationExpiring(*row) for row in db.session.execute(query)]
