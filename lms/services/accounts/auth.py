"""Signing in with a phone and password, and bearer tokens for API clients."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from lms.extensions import db
from lms.models import ApiToken, Person
from lms.models.base import as_loaded, utcnow
from lms.prepared import Prepared
from lms.services.accounts.sessions import end_sessions
from lms.services.errors import Invalid, NotFound, Unauthorized

BAD_LOGIN = _l("The phone number or password is wrong.")
# A hash to check against when the phone is unknown, so timing does not tell either.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


MIN_PASSWORD, MAX_PASSWORD = 8, 128


def set_password(person: Person, password: str) -> None:
    person.password_hash = generate_password_hash(password)


def password_matches(person: Person, password: str) -> bool:
    stored = person.password_hash or _DUMMY_HASH
    return check_password_hash(stored, password or "") and bool(person.password_hash)


def change_password(person: Person, current: str, new: str, now: datetime) -> None:
    """Check the current password, set the new one and end every session and API
    token of the person (the caller signs this device in again)."""
    if not password_matches(person, current):
        raise Invalid(_l("The current password is wrong."), code="bad_password")
    if not MIN_PASSWORD <= len(new or "") <= MAX_PASSWORD:
        raise Invalid(
            _l("Choose a new password of 8 to 128 characters."), code="weak_password"
        )
    set_password(person, new)
    end_sessions(person, now)


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
    select(
        ApiToken.id,
        ApiToken.last_used_at,
        ApiToken.expires_at,
        ApiToken.revoked_at,
        *Person.__table__.c,
    )
    .join(Person, Person.id == ApiToken.person_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def person_for_token(token: str, now: datetime | None = None) -> Person | None:
    found = token_in_force(token, now)
    return found[0] if found else None


def token_in_force(
    token: str, now: datetime | None = None
) -> tuple[Person, int, datetime | None] | None:
    """The token's person, its id and when it was last used; None if not in force."""
    found = _TOKEN.first(db.session, {"token_hash": _digest(token)})
    if found is None:
        return None
    token_id, last_used_at, expires_at, revoked_at, *person = found
    if revoked_at is not None or expires_at <= (now or utcnow()):
        return None
    columns = dict(zip(_PERSON_COLUMNS, person, strict=True))
    if columns["deactivated_at"] is not None:
        return None
    return as_loaded(db.session, Person, columns), token_id, last_used_at


def revoke_token(token: str, now: datetime | None = None) -> bool:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(token))
    )
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now or utcnow()
    db.session.flush()
    return True


def tokens_of(person: Person, now: datetime) -> list[ApiToken]:
    """The person's tokens still in force, newest first."""
    query = (
        select(ApiToken)
        .where(
            ApiToken.person_id == person.id,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > now,
        )
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(db.session.scalars(query))


def revoke_token_of(person: Person, token_id: int, now: datetime) -> None:
    """Revoke one of the person's own tokens; another's is as good as absent."""
    row = db.session.get(ApiToken, token_id) if 0 < token_id < 2**63 else None
    if row is None or row.person_id != person.id or row.revoked_at is not None:
        raise NotFound(_l("There is no such token."), code="token_not_found")
    row.revoked_at = now
    db.session.flush()


def token_id_for(token: str) -> int | None:
    return db.session.scalar(
        select(ApiToken.id).where(ApiToken.token_hash == _digest(token))
    )


def mark_used(token_id: int, now: datetime) -> None:
    """Note the token's use, at most once an hour (flushed; the caller commits)."""
    stale = or_(
        ApiToken.last_used_at.is_(None),
        ApiToken.last_used_at < now - timedelta(hours=1),
    )
    db.session.execute(
        update(ApiToken).where(ApiToken.id == token_id, stale).values(last_used_at=now)
    )
