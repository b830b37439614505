"""The xAPI outbox's steps: which statements are due, and recording what the LRS
answered. Each step is one statement-level write (so on SQLite a transaction never
reads first and writes later); they flush, the runner (`xapi_send`) commits."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from lms.extensions import db
from lms.models import XapiState, XapiStatement
from lms.services.points.pusher import BACKOFF_CAP_S, backoff_seconds

ERROR_MAX = 2000


@dataclass(frozen=True)
class Pending:
    statement: dict
    attempts: int

    @property
    def id(self) -> str:
        return self.statement["id"]


def due(limit: int, now: datetime, respect_backoff: bool = True) -> list[Pending]:
    """The next `limit` queued statements, oldest first; with `respect_backoff`,
    only those whose back-off has run out."""
    query = select(XapiStatement.statement, XapiStatement.attempts).where(
        XapiStatement.state == XapiState.QUEUED
    )
    if respect_backoff:
        query = query.where(
            or_(
                XapiStatement.next_attempt_at.is_(None),
                XapiStatement.next_attempt_at <= now,
            )
        )
    query = query.order_by(XapiStatement.created_at, XapiStatement.id).limit(limit)
    return [Pending(body, attempts) for body, attempts in db.session.execute(query)]


def _update(ids: list[str], **values) -> None:
    db.session.execute(
        update(XapiStatement)
        .where(XapiStatement.id.in_(ids), XapiStatement.state == XapiState.QUEUED)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def mark_delivered(ids: list[str], now: datetime) -> None:
    _update(
        ids,
        state=XapiState.DELIVERED,
        delivered_at=now,
        last_error=None,
        attempts=XapiStatement.attempts + 1,
    )


def mark_failed(sid: str, error: str) -> None:
    """The LRS refused this statement on its own: keep it out of the queue."""
    _update(
        [sid],
        state=XapiState.FAILED,
        last_error=error[:ERROR_MAX],
        attempts=XapiStatement.attempts + 1,
    )


def back_off(
    batch: list[Pending],
    error: str,
    now: datetime,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> None:
    """A transient failure: the statements stay queued and wait (the same back-off
    as the points export: exponential with jitter, the first retry within a
    minute, capped at an hour; the LRS's Retry-After wins, also capped)."""
    delay = backoff_seconds(max(p.attempts for p in batch) + 1, rng)
    if retry_after is not None:
        delay = min(max(retry_after, 0.0), BACKOFF_CAP_S)
    _update(
        [p.id for p in batch],
        next_attempt_at=now + timedelta(seconds=delay),
        last_error=error[:ERROR_MAX],
        attempts=XapiStatement.attempts + 1,
    )
