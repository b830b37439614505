"""Signing in with a phone and password, and bearer tokens for API clients."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from lms.errors import Unauthorized
from lms.extensions import db
from lms.models import ApiToken, Person
from lms.models.base import utcnow

BAD_LOGIN = _l("The phone number or password is wrong.")
# A hash to check against when the phone is unknown, so timing does not tell either.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def set_password(person: Person, password: str) -> None:
    person.password_hash = generate_password_hash(password)


def authenticate(phone: str, password: str) -> Person:
    """The person with this phone and password; the same error whatever is wrong."""
    phone = (phone or "").strip()
    person = (
        db.session.scalar(select(Person).where(Person.phone == phone))
        if phone
        else None
    )
    stored = person.password_hash if person and person.password_hash else _DUMMY_HASH
    if not check_password_hash(stored, password or "") or person is None:
        raise Unauthorized(BAD_LOGIN, code="bad_credentials")
    if not person.password_hash:
        raise Unauthorized(BAD_LOGIN, code="bad_credentials")
    return person


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    person: Person, days: int, now: datetime | None = None
) -> tuple[str, ApiToken]:
    """A new bearer token; the plain token is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(
        person_id=person.id,
        token_hash=_digest(token),
        created_at=now or utcnow(),
        expires_at=(now or utcnow()) + timedelta(days=days),
    )
    db.session.add(row)
    db.session.flush()
    return token, row


# Built once: every API request runs it.
_TOKEN = (
    select(ApiToken)
    .options(joinedload(ApiToken.person))
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def person_for_token(token: str, now: datetime | None = None) -> Person | None:
    row = db.session.scalar(_TOKEN, {"token_hash": _digest(token)})
    if row is None or row.revoked_at is not None or row.expires_at <= (now or utcnow()):
        return None
    return row.person


def revoke_token(token: str, now: datetime | None = None) -> bool:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token))
    )
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now or utcnow()
    db.session.flush()
    return True
