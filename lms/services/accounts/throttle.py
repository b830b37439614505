"""Limits on guessing passwords, counted where every worker process sees the same
numbers: the database by default, Redis when configured.

Failures are counted per account (the phone tried) and per address. Either over its
limit refuses further attempts for the window, except from a phone that has signed
in to that account before (it holds a device cookie, see `lms.auth.devices`): a
carrier NAT shared by thousands of riders under attack does not lock the right
password out for those who have used their phone here before (OWASP's device
cookies). Such a phone has its own, equally small, budget.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from lms.extensions import db
from lms.models import SignInFailure
from lms.services.errors import ServiceError

WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
DEVICE_LIMIT = 5


class TooManyAttempts(ServiceError):
    status = 429
    code = "too_many_attempts"
    default_message = _l(
        "Too many failed sign-ins. Wait 15 minutes and try again, or sign in on a "
        "phone you have used here before."
    )


@dataclass(frozen=True)
class Attempt:
    """Who is trying: the phone as typed, the client address, and the device key
    when the client holds a device cookie for that phone's account."""

    phone: str
    address: str
    device: str | None = None

    def keys(self) -> list[str]:
        if self.device:
            return [f"device:{self.device}"]
        return [f"phone:{self.phone.strip()[:64]}", f"ip:{self.address[:64]}"]


def check(attempt: Attempt, now: datetime, redis_url: str | None = None) -> None:
    """Refuse (429) when this attempt's budget is spent."""
    counts = _store(redis_url).counts(attempt.keys(), now)
    limits = _limits(attempt)
    if any(counts[key] >= limits[key] for key in counts):
        raise TooManyAttempts()


def failed(attempt: Attempt, now: datetime, redis_url: str | None = None) -> None:
    """Count a failure (flushed: the caller commits it, though it refuses the
    request)."""
    _store(redis_url).add(attempt.keys(), now)


def sweep(now: datetime) -> int:
    """Drop database counts past their window (Redis keys expire on their own)."""
    gone = db.session.execute(
        delete(SignInFailure).where(SignInFailure.at < now - WINDOW)
    )
    return gone.rowcount or 0


def _limits(attempt: Attempt) -> dict[str, int]:
    if attempt.device:
        return {f"device:{attempt.device}": DEVICE_LIMIT}
    phone, address = attempt.keys()
    return {phone: ACCOUNT_LIMIT, address: ADDRESS_LIMIT}


def _store(redis_url: str | None):
    return _RedisStore(redis_url) if redis_url else _DatabaseStore()


class _DatabaseStore:
    def counts(self, keys: list[str], now: datetime) -> dict[str, int]:
        query = (
            select(SignInFailure.key, func.count())
            .where(SignInFailure.key.in_(keys), SignInFailure.at >= now - WINDOW)
            .group_by(SignInFailure.key)
        )
        found = dict(db.session.execute(query).all())
        return {key: found.get(key, 0) for key in keys}

    def add(self, keys: list[str], now: datetime) -> None:
        db.session.add_all(SignInFailure(key=k, at=now) for k in keys)
        db.session.flush()


class _RedisStore:
    """A sorted set per key: members are failure times; old ones trimmed on write."""

    def __init__(self, url: str):
        import redis

        self.redis = redis.Redis.from_url(url)

    def counts(self, keys: list[str], now: datetime) -> dict[str, int]:
        low = (now - WINDOW).timestamp()
        pipe = self.redis.pipeline()
        for key in keys:
            pipe.zcount(f"lms:signin:{key}", low, "+inf")
        return dict(zip(keys, pipe.execute(), strict=True))

    def add(self, keys: list[str], now: datetime) -> None:
        stamp = now.timestamp()
        pipe = self.redis.pipeline()
        for key in keys:
            name = f"lms:signin:{key}"
            pipe.zadd(name, {f"{stamp}:{secrets.token_hex(6)}": stamp})
            pipe.zremrangebyscore(name, "-inf", stamp - WINDOW.total_seconds())
            pipe.expire(name, int(WINDOW.total_seconds()) + 60)
        pipe.execute()
