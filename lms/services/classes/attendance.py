"""Attendance: a rotating code on the trainer's screen, or the trainer's hand.

The code is `<window>.<HMAC>`: `window` counts 20-second steps, the HMAC (keyed by the
class's own secret) binds it to the class. A code is accepted in its own window and
the next (so one scanned just as it changes still works, never older than 40 s),
and only while the class runs (from 15 minutes before the start to the end). A
person is marked present once; marking by hand needs a reason and is audited."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from lms.extensions import db
from lms.models import ClassSignup, Person, SignupState, StationClass
from lms.services.accounts import audit
from lms.services.classes import signups
from lms.services.errors import Conflict, Forbidden, Invalid

STEP_S = 20
EARLY = timedelta(minutes=15)


def _window(now: datetime) -> int:
    return int(now.timestamp()) // STEP_S


def _mac(cls: StationClass, window: int) -> str:
    message = f"{cls.id}:{window}".encode()
    return hmac.new(cls.secret.encode(), message, hashlib.sha256).hexdigest()[:20]


def is_running(cls: StationClass, now: datetime) -> bool:
    return cls.starts_at - EARLY <= now <= cls.ends_at


def current_code(cls: StationClass, now: datetime) -> str:
    """The code to show now (only while the class runs)."""
    if not is_running(cls, now):
        raise Conflict(_l("The attendance code is shown only during the class."))
    window = _window(now)
    return f"{window}.{_mac(cls, window)}"


def seconds_left(now: datetime) -> int:
    return STEP_S - int(now.timestamp()) % STEP_S


def code_url(cls: StationClass, code: str) -> str:
    base = current_app.config["LMS_PUBLIC_URL"]
    return f"{base}/classes/{cls.id}/checkin?code={code}"


def _accepts(cls: StationClass, code: str, now: datetime) -> bool:
    window, _, mac = (code or "").partition(".")
    if not window.isdigit() or _window(now) - int(window) not in (0, 1):
        return False
    return hmac.compare_digest(mac, _mac(cls, int(window)))


def check_in(person: Person, cls: StationClass, code: str, now: datetime):
    """Mark the person present with a scanned code: refused when the code is old or
    not this class's, outside the class, or without a confirmed place."""
    if not is_running(cls, now):
        raise Conflict(_l("This class is not running now."), code="not_running")
    if not _accepts(cls, code, now):
        raise Invalid(
            _l("This code has expired. Scan the code on the trainer's screen again."),
            code="stale_code",
        )
    row = signups.signup_of(person, cls)
    if row is None or row.state != SignupState.CONFIRMED:
        raise Forbidden(_l("You do not have a place in this class."))
    return _mark(row, "code", None, now)


def _mark(row: ClassSignup, by: str, reason: str | None, now: datetime) -> ClassSignup:
    if row.present_at is None:
        row.present_at, row.attendance_by, row.attendance_reason = now, by, reason
        db.session.flush()
    return row


def mark_by_hand(
    actor: Person, cls: StationClass, signup_id: int, reason: str, now: datetime
) -> ClassSignup:
    """The trainer marks someone present (phone dead, no camera): a reason is
    required and the audit log keeps who did it and why."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise Invalid(_l("Give a reason for marking attendance by hand."))
    row = db.session.get(ClassSignup, signup_id)
    if row is None or row.class_id != cls.id or row.state == SignupState.CANCELLED:
        raise Invalid(_l("This person is not signed up for this class."))
    if row.present_at is None:
        audit.record(
            actor, "class_attendance", [row.person_id], reason, class_id=cls.id
        )
    if row.state == SignupState.WAITING:  # came anyway, and the trainer let them in
        row.state = SignupState.CONFIRMED
    return _mark(row, "hand", reason, now)
