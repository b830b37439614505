"""Signing in with the shared failure limits (`services.accounts.throttle`), and the
device cookie a phone gets once it has signed in to an account: with it, that phone
keeps its own budget when its address or the account is under attack."""

from __future__ import annotations

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from lms.errors import ServiceError
from lms.extensions import db
from lms.models import Person
from lms.models.base import utcnow
from lms.services.accounts import auth, throttle

COOKIE = "ra_device"
ONE_YEAR = 365 * 24 * 3600


def authenticate(phone: str, password: str) -> Person:
    """`auth.authenticate`, refused with 429 once this attempt's budget is spent;
    a failure is counted for the account and the address (or the device), and
    committed here: the request fails, the count must stay."""
    attempt = _attempt(phone or "")
    redis_url, now = current_app.config.get("LMS_REDIS_URL"), utcnow()
    throttle.check(attempt, now, redis_url)
    try:
        return auth.authenticate(phone, password)
    except ServiceError:
        db.session.rollback()
        throttle.failed(attempt, now, redis_url)
        db.session.commit()
        raise


def remember_device(response, person: Person) -> None:
    """Give this phone the device cookie of `person` (after a right password)."""
    value = _serializer().dumps({"p": person.id})
    response.set_cookie(
        COOKIE, value, max_age=ONE_YEAR, httponly=True, samesite="Lax", path="/"
    )


def _attempt(phone: str) -> throttle.Attempt:
    address = request.remote_addr or "unknown"
    device = _device_person(phone)
    key = f"{device}:{request.cookies.get(COOKIE, '')[-16:]}" if device else None
    return throttle.Attempt(phone=phone, address=address, device=key)


def _device_person(phone: str) -> int | None:
    """The account id of the device cookie, when it is the account of `phone`."""
    raw = request.cookies.get(COOKIE)
    if not raw or not phone.strip():
        return None
    try:
        person_id = int(_serializer().loads(raw)["p"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    holder = db.session.scalar(select(Person.id).where(Person.phone == phone.strip()))
    return person_id if holder == person_id else None


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="device-cookie")
