"""The launch from the city app: a signed JWT creates or updates the worker once.

A launch signs in workers only: a `sub` that belongs to anyone with a staff role is
refused (403), so the city app can never sign in, or move, a trainer or an officer.
"""

from __future__ import annotations

from datetime import UTC, datetime

import jwt
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.models import Organisation, Person, Role, UsedLaunchToken
from lms.services.errors import Forbidden, Unauthorized

REQUIRED_CLAIMS = ["sub", "iat", "exp", "jti"]
LEEWAY_S = 30
MAX_TIME = 4102444800  # 2100-01-01: a larger `exp` or `iat` is no real time
TEXT_CLAIMS = ("name", "phone", "org", "platform", "jti")


def verify_launch_token(token: str, secret: str | None) -> dict:
    """The claims of a valid launch token; `Unauthorized` for anything else."""
    if not secret:
        raise Unauthorized(
            _l("Launching from the city app is not set up."), code="launch_disabled"
        )
    try:
        claims = jwt.decode(
            token or "",
            secret,
            algorithms=["HS256"],
            options={"require": REQUIRED_CLAIMS},
            leeway=LEEWAY_S,
        )
        _check_types(claims)
        return claims
    except jwt.ExpiredSignatureError as exc:
        msg = _l(
            "This link has expired. Please open the course again from the city app."
        )
        raise Unauthorized(msg, code="launch_expired") from exc
    except jwt.InvalidTokenError as exc:
        msg = _l(
            "This link is not valid. Please open the course again from the city app."
        )
        raise Unauthorized(msg, code="launch_invalid") from exc


def _check_types(claims: dict) -> None:
    """Claims of the wrong type or out of range are an invalid token, not a 500."""
    for name in ("exp", "iat"):
        value = claims[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise jwt.InvalidTokenError(name)
        if not 0 <= value <= MAX_TIME:
            raise jwt.InvalidTokenError(name)
    if isinstance(claims["sub"], bool) or not isinstance(claims["sub"], str | int):
        raise jwt.InvalidTokenError("sub")
    for name in TEXT_CLAIMS:
        if claims.get(name) is not None and not isinstance(claims[name], str | int):
            raise jwt.InvalidTokenError(name)


def launch(claims: dict) -> Person:
    """Record the token's `jti` (a replay fails) and create or update the worker."""
    used = UsedLaunchToken(
        jti=str(claims["jti"]), expires_at=datetime.fromtimestamp(claims["exp"], UTC)
    )
    try:
        with db.session.begin_nested():
            db.session.add(used)
    except IntegrityError as exc:
        msg = _l("This link has already been used. Please open the course again.")
        raise Unauthorized(msg, code="launch_replayed") from exc
    return _upsert_worker(claims)


def _upsert_worker(claims: dict) -> Person:
    person_id = str(claims["sub"])[:64]
    person = db.session.scalar(select(Person).where(Person.person_id == person_id))
    if person is not None and person.roles - {Role.WORKER}:
        raise Forbidden(
            _l(
                "Staff accounts cannot be opened from the city app. "
                "Sign in with your phone number and password."
            ),
            code="launch_staff",
        )
    if person is not None and person.deactivated_at is not None:
        raise Forbidden(_l("This account is closed."), code="account_closed")
    if person is None:
        person = Person(
            person_id=person_id, name=str(claims.get("name") or person_id)[:100]
        )
        person.grant(Role.WORKER)
        db.session.add(person)
    if claims.get("name"):
        person.name = str(claims["name"])[:100]
    if claims.get("phone"):
        person.phone = _free_phone(str(claims["phone"])[:32], person)
    if claims.get("platform"):
        person.platform = str(claims["platform"])[:32]
    org = claims.get("org") and db.session.scalar(
        select(Organisation).where(Organisation.code == str(claims["org"]))
    )
    if org:
        person.organisation = org
    db.session.flush()
    return person


def _free_phone(phone: str, person: Person) -> str | None:
    """The phone, unless another person already holds it (then keep the old one)."""
    holder = db.session.scalar(select(Person).where(Person.phone == phone))
    return phone if holder is None or holder is person else person.phone
