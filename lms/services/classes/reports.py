"""What union officers see of station classes in their scope (attendance and pass
rates), and what a station's page lists (its upcoming classes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lms.extensions import db
from lms.models import Person, StationClass
from lms.services.classes import checks, signups
from lms.services.union.scope import visible_org_ids


@dataclass(frozen=True)
class ClassReport:
    station_class: StationClass
    figures: checks.ClassFigures


def classes_in_scope(actor: Person, limit: int = 100) -> list[ClassReport]:
    """The latest classes at stations the officer may see, with their figures."""
    query = select(StationClass).order_by(StationClass.starts_at.desc()).limit(limit)
    orgs = visible_org_ids(actor)
    if orgs is not None:
        query = query.where(StationClass.station_id.in_(orgs))
    return [
        ClassReport(cls, checks.figures(cls, signups.roster(cls)))
        for cls in db.session.scalars(query)
    ]


def station_upcoming(station_id: int, now: datetime) -> list[StationClass]:
    return signups.upcoming([station_id], now)
