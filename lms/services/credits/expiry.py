"""Certificates running out: the reminders 60 and 14 days before expiry (each sent
once per certificate, announced as `events.certificate_expiring`; the notifications
domain turns them into notices), and which certificates expire soon (for dashboards).
Only a current certificate counts: not revoked, not already renewed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from lms.extensions import db
from lms.models import Certificate
from lms.services.credits import events

REMINDERS = (60, 14)  # days before expiry, earliest first


def current_certificates() -> Select:
    """Certificates that expire, are not revoked and have no renewal yet."""
    successor = aliased(Certificate)
    renewed = select(successor.id).where(successor.renews_id == Certificate.id)
    return select(Certificate).where(
        Certificate.expires_at.is_not(None),
        Certificate.revoked_at.is_(None),
        ~renewed.exists(),
    )


def expiring_between(start: datetime, end: datetime) -> Select:
    return current_certificates().where(
        Certificate.expires_at > start, Certificate.expires_at <= end
    )


def send_reminders(now: datetime) -> int:
    """Announce each reminder that is due at `now` and not yet sent; a certificate
    first seen inside 14 days gets only the 14-day one. Returns how many."""
    sent = 0
    for cert in db.session.scalars(
        expiring_between(now, now + timedelta(days=REMINDERS[0]))
    ):
        days = _due_reminder(cert, now)
        if days is None:
            continue
        cert.reminded_60_at = cert.reminded_60_at or now
        if days == 14:
            cert.reminded_14_at = now
        db.session.flush()
        events.certificate_expiring.send(
            cert.person, certificate=cert, days=days, now=now
        )
        sent += 1
    return sent


def _due_reminder(cert: Certificate, now: datetime) -> int | None:
    if now >= cert.expires_at - timedelta(days=14):
        return 14 if cert.reminded_14_at is None else None
    return 60 if cert.reminded_60_at is None else None
