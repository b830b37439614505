"""Signing up for a station class: a place while there is room, else the waiting list
(first come, first served), which moves up by itself when a place frees; cancelling
is possible until 2 hours before the start. One row per person and class (a database
constraint); the class row is locked while places are counted, so two sign-ups never
take the last place twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lms.extensions import db
from lms.models import ClassSignup, Organisation, Person, SignupState, StationClass
from lms.services.errors import Conflict

CANCEL_UNTIL = timedelta(hours=2)


def _locked(cls: StationClass) -> StationClass:
    query = (
        select(StationClass)
        .where(StationClass.id == cls.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return db.session.scalar(query)


def confirmed_count(cls: StationClass) -> int:
    query = select(func.count()).where(
        ClassSignup.class_id == cls.id, ClassSignup.state == SignupState.CONFIRMED
    )
    return db.session.scalar(query) or 0


def signup_of(person: Person, cls: StationClass) -> ClassSignup | None:
    return db.session.scalar(
        select(ClassSignup).where(
            ClassSignup.class_id == cls.id, ClassSignup.person_id == person.id
        )
    )


def sign_up(person: Person, cls: StationClass, now: datetime) -> ClassSignup:
    """A place, or a place on the waiting list; signing up twice changes nothing."""
    if now >= cls.starts_at:
        raise Conflict(_l("This class has already started."), code="started")
    cls = _locked(cls)
    row = signup_of(person, cls)
    if row is not None and row.state != SignupState.CANCELLED:
        return row
    full = confirmed_count(cls) >= cls.capacity
    state = SignupState.WAITING if full else SignupState.CONFIRMED
    if row is None:
        row = ClassSignup(class_id=cls.id, person_id=person.id)
        db.session.add(row)
    row.state, row.signed_up_at = state, now
    db.session.flush()
    return row


def cancel(person: Person, cls: StationClass, now: datetime) -> ClassSignup:
    """Give the place up (until 2 h before the start); the first waiting moves up."""
    if now > cls.starts_at - CANCEL_UNTIL:
        raise Conflict(
            _l("Sign-ups can be cancelled until 2 hours before the class."),
            code="too_late",
        )
    cls = _locked(cls)
    row = signup_of(person, cls)
    if row is None or row.state == SignupState.CANCELLED:
        raise Conflict(_l("You are not signed up for this class."), code="not_signed")
    row.state = SignupState.CANCELLED
    db.session.flush()
    promote_waiting(cls)
    return row


def promote_waiting(cls: StationClass) -> list[ClassSignup]:
    """Fill free places from the waiting list, in the order people signed up."""
    free = cls.capacity - confirmed_count(cls)
    if free <= 0:
        return []
    waiting = db.session.scalars(
        select(ClassSignup)
        .where(ClassSignup.class_id == cls.id, ClassSignup.state == SignupState.WAITING)
        .order_by(ClassSignup.signed_up_at, ClassSignup.id)
        .limit(free)
    ).all()
    for row in waiting:
        row.state = SignupState.CONFIRMED
    db.session.flush()
    return list(waiting)


def roster(cls: StationClass) -> list[ClassSignup]:
    """Everyone signed up or waiting, in sign-up order."""
    return list(
        db.session.scalars(
            select(ClassSignup)
            .where(
                ClassSignup.class_id == cls.id,
                ClassSignup.state != SignupState.CANCELLED,
            )
            .order_by(ClassSignup.state, ClassSignup.signed_up_at, ClassSignup.id)
        )
    )


def classes_near(person: Person, now: datetime, limit: int = 5) -> list[StationClass]:
    """Upcoming classes at the person's station and its sibling stations (the same
    union); nothing for someone not attached to a station's union."""
    org = person.organisation
    if org is None:
        return []
    parent_id = org.parent_id or org.id
    near = select(Organisation.id).where(
        (Organisation.parent_id == parent_id) | (Organisation.id == org.id)
    )
    return upcoming(near, now, limit)


def upcoming(station_ids, now: datetime, limit: int = 20) -> list[StationClass]:
    query = (
        select(StationClass)
        .where(StationClass.station_id.in_(station_ids), StationClass.ends_at > now)
        .order_by(StationClass.starts_at, StationClass.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))
