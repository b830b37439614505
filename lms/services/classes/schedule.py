"""Scheduling a station class: a trainer (any station) or a station master (their own
station) sets the course or lesson, the local date and time (the city's zone),
capacity, what to bring and the practical skills checked. Bad input is refused whole,
with a message saying what to fix."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.extensions import db
from lms.models import Lesson, Organisation, OrgKind, Person, Role, StationClass
from lms.services.catalogue import browse as catalogue
from lms.services.errors import Forbidden, Invalid, NotFound

MAX_SKILLS, MAX_CAPACITY = 10, 200


@dataclass(frozen=True)
class ClassForm:
    """What the scheduling form sends, as text."""

    station_id: str
    course_id: str
    lesson_id: str
    starts_local: str  # "YYYY-MM-DDTHH:MM" in the city's zone
    duration_min: str
    capacity: str
    bring: str
    skills: str  # one skill a line
    credit_hours: str


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["LMS_TIMEZONE"])


def schedulable_stations(actor: Person) -> list[Organisation]:
    query = select(Organisation).where(Organisation.kind == OrgKind.STATION)
    if not actor.has_role(Role.TRAINER, Role.ADMIN):
        query = query.where(Organisation.id == actor.organisation_id)
    return list(db.session.scalars(query.order_by(Organisation.name)))


def schedule_class(actor: Person, form: ClassForm, now: datetime) -> StationClass:
    """Create the class; 400 with a clear message for bad input, 403 for a station
    the actor may not schedule at."""
    station = _station(actor, form.station_id)
    course = catalogue.get_course(_int(form.course_id, _l("Choose a course.")))
    lesson = _lesson(course.id, form.lesson_id)
    starts_at = _start(form.starts_local, now)
    duration = _ranged(form.duration_min, 10, 240, _l("Duration: 10 to 240 minutes."))
    cls = StationClass(
        station_id=station.id,
        course_id=course.id,
        lesson_id=lesson.id if lesson else None,
        trainer_id=actor.id,
        title=(lesson or course).title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=duration),
        capacity=_ranged(form.capacity, 1, MAX_CAPACITY, _l("Capacity: 1 to 200.")),
        bring=form.bring.strip()[:500],
        skills=_skills(form.skills),
        credit_hours=_hours(form.credit_hours),
        secret=secrets.token_hex(16),
    )
    db.session.add(cls)
    db.session.flush()
    return cls


def _station(actor: Person, raw: str) -> Organisation:
    station_id = _int(raw, _l("Choose a station."))
    if station_id not in {s.id for s in schedulable_stations(actor)}:
        raise Forbidden(_l("You cannot schedule classes at this station."))
    return db.session.get(Organisation, station_id)


def _lesson(course_id: int, raw: str) -> Lesson | None:
    if not raw.strip():
        return None
    lesson = db.session.get(Lesson, _int(raw, _l("Choose a lesson.")))
    if lesson is None or lesson.course_id != course_id:
        raise Invalid(_l("The lesson is not part of this course."), code="lesson")
    return lesson


def _start(raw: str, now: datetime) -> datetime:
    try:
        local = datetime.strptime(raw.strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        message = _l("Give the date and time of the class.")
        raise Invalid(message, code="starts_at") from None
    starts_at = local.replace(tzinfo=zone()).astimezone(UTC)
    if starts_at <= now:
        raise Invalid(_l("The class must start in the future."), code="starts_at")
    return starts_at


def _skills(raw: str) -> list[str]:
    skills = [line.strip()[:200] for line in raw.splitlines() if line.strip()]
    if not skills or len(skills) > MAX_SKILLS:
        raise Invalid(_l("List 1 to 10 practical skills, one a line."), code="skills")
    return skills


def _hours(raw: str) -> Decimal:
    try:
        hours = Decimal(raw.strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        hours = Decimal("-1")
    if not Decimal("0") < hours <= Decimal("8"):
        raise Invalid(_l("Credit hours: more than 0, at most 8."), code="credit_hours")
    return hours


def _int(raw: str, message) -> int:
    try:
        return int(str(raw).strip())
    except ValueError:
        raise Invalid(message) from None


def _ranged(raw: str, low: int, high: int, message) -> int:
    value = _int(raw, message)
    if not low <= value <= high:
        raise Invalid(message)
    return value


def get_class(class_id: int) -> StationClass:
    cls = db.session.get(StationClass, class_id)
    if cls is None:
        raise NotFound(_l("No such class."))
    return cls


def can_run(actor: Person, cls: StationClass) -> bool:
    """The class's trainer, its station's master, or an admin may run it."""
    if actor.has_role(Role.ADMIN) or actor.id == cls.trainer_id:
        return True
    return actor.has_role(Role.STATION_MASTER) and (
        actor.organisation_id == cls.station_id
    )


def runnable(actor: Person, class_id: int) -> StationClass:
    cls = get_class(class_id)
    if not can_run(actor, cls):
        raise Forbidden()
    return cls
