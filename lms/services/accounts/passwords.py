"""Resetting a forgotten password by a code sent by SMS. The answer never tells whether
a phone is registered; codes are six digits, kept as a hash, valid 10 minutes, at most
5 wrong tries each, one a minute and 5 a day per person. A reset ends every session."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.extensions import db
from lms.models import PasswordReset, Person
from lms.services import sms
from lms.services.accounts.auth import set_password
from lms.services.accounts.sessions import end_sessions
from lms.services.errors import Invalid

CODE_LIFETIME = timedelta(minutes=10)
MAX_WRONG_TRIES = 5
MIN_INTERVAL = timedelta(minutes=1)
MAX_A_DAY = 5
MIN_PASSWORD = 8
BAD_CODE = _l("The code is wrong or has expired. Ask for a new one.")
SHORT = _l("Choose a password of at least %(n)s characters.", n=MIN_PASSWORD)


def request_code(phone: str, now: datetime) -> None:
    """Text a code to the phone if a person has it (and has not asked too often);
    otherwise do nothing, so the answer is the same."""
    person = _by_phone(phone)
    if (
        person is None
        or person.deactivated_at is not None
        or not _may_send(person, now)
    ):
        return
    code = f"{secrets.randbelow(10**6):06d}"
    db.session.add(
        PasswordReset(
            person_id=person.id,
            code_hash=_digest(person, code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    )
    db.session.flush()
    with force_locale("zh_CN"):
        text = _("Rider Academy: your code is %(code)s, valid 10 minutes.", code=code)
    sms.gateway().send(person.phone, text)


def reset_password(phone: str, code: str, password: str, now: datetime) -> Person:
    """Set the new password if the code is right; end every session of the person."""
    if len(password or "") < MIN_PASSWORD:
        raise Invalid(SHORT, code="password_too_short")
    person = _by_phone(phone)
    reset = _open_reset(person, now) if person is not None else None
    if reset is None:
        raise Invalid(BAD_CODE, code="bad_code")
    if not hmac.compare_digest(reset.code_hash, _digest(person, code.strip())):
        reset.wrong_tries += 1
        db.session.flush()
        raise Invalid(BAD_CODE, code="bad_code")
    reset.used_at = now
    set_password(person, password)
    end_sessions(person, now)
    return person


def _by_phone(phone: str) -> Person | None:
    phone = (phone or "").strip()
    return (
        db.session.scalar(select(Person).where(Person.phone == phone))
        if phone
        else None
    )


def _may_send(person: Person, now: datetime) -> bool:
    since = now - timedelta(days=1)
    recent = select(PasswordReset.created_at).where(
        PasswordReset.person_id == person.id, PasswordReset.created_at > since
    )
    times = list(db.session.scalars(recent))
    return len(times) < MAX_A_DAY and all(now - _utc(t) >= MIN_INTERVAL for t in times)


def _open_reset(person: Person, now: datetime) -> PasswordReset | None:
    latest = db.session.scalar(
        select(PasswordReset)
        .where(PasswordReset.person_id == person.id)
        .order_by(PasswordReset.created_at.desc(), PasswordReset.id.desc())
        .limit(1)
    )
    if latest is None or latest.used_at is not None:
        return None
    if _utc(latest.expires_at) <= now or latest.wrong_tries >= MAX_WRONG_TRIES:
        return None
    return latest


def _digest(person: Person, code: str) -> str:
    return hashlib.sha256(f"{person.id}:{code}".encode()).hexdigest()


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
