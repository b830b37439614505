"""Class reminders: the day before (24 h) and 1 h before the start, once each per
person with a place, announced as `events.class_reminder` (notifications react)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from lms.extensions import db
from lms.models import ClassSignup, SignupState, StationClass
from lms.services.classes import events

DAY, HOUR = timedelta(hours=24), timedelta(hours=1)


def send_reminders(now: datetime) -> int:
    """Announce the reminders due at `now`; returns how many. Run every few
    minutes: a reminder missed for the day before is not sent late once the 1-h
    one is due."""
    query = (
        select(ClassSignup)
        .join(StationClass, StationClass.id == ClassSignup.class_id)
        .where(
            ClassSignup.state == SignupState.CONFIRMED,
            StationClass.starts_at > now,
            StationClass.starts_at <= now + DAY,
        )
    )
    sent = 0
    for row in db.session.scalars(query):
        hours = _due(row, now)
        if hours is None:
            continue
        row.reminded_day_at = row.reminded_day_at or now
        if hours == 1:
            row.reminded_hour_at = now
        db.session.flush()
        events.class_reminder.send(
            row.person, station_class=row.station_class, hours=hours, now=now
        )
        sent += 1
    return sent


def _due(row: ClassSignup, now: datetime) -> int | None:
    if now >= row.station_class.starts_at - HOUR:
        return 1 if row.reminded_hour_at is None else None
    return 24 if row.reminded_day_at is None else None
