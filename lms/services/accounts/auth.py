"""Signing in with a phone and password, and bearer tokens for API clients."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from werkzeug.security import check_password_hash, generate_password_hash

from lms.errors import Unauthorized
from lms.extensions import db
from lms.models import ApiToken, Person
from lms.models.base import as_loaded, utcnow
from lms.prepared import Prepared

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
    if not person.password_hash or person.deactivated_at is not None:
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


# Every API request runs it: a prepared statement (the ORM's loading of the token and
# its person cost several times the query).
_PERSON_COLUMNS = [column.name for column in Person.__table__.c]
_TOKEN = Prepared(
    select(ApiToken.expires_at, ApiToken.revoked_at, *Person.__table__.c)
    .join(Person, Person.id == ApiToken.person_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def person_for_token(token: str, now: datetime | None = None) -> Person | None:
    found = _TOKEN.first(db.session, {"token_hash": _digest(token)})
    if found is None:
        return None
    expires_at, revoked_at, *person = found
    if revoked_at is not None or expires_at <= (now or utcnow()):
        return None
    return as_loaded(
        db.session, Person, dict(zip(_PERSON_COLUMNS, person, strict=True))
    )


def revoke_token(token: str, now: datetime | None = None) -> bool:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token))
    )
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now or utcnow()
    db.session.flush()
    return True
