"""The xAPI outbox's steps for the outbox core (`lms.services.outbox`): which
statements are queued, and recording what the LRS answered. Each step is one
statement-level write (so on SQLite a transaction never reads first and writes
later); they flush, the runner commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from lms.extensions import db
from lms.models import XapiState, XapiStatement

ERROR_MAX = 2000


@dataclass(frozen=True)
class Pending:
    statement: dict
    attempts: int

    @property
    def id(self) -> str:
        return self.statement["id"]


def due(limit: int) -> list[Pending]:
    """The next `limit` queued statements, oldest first (the channel's back-off is
    the core's: when it runs, every queued statement is due)."""
    query = (
        select(XapiStatement.statement, XapiStatement.attempts)
        .where(XapiStatement.state == XapiState.QUEUED)
        .order_by(XapiStatement.created_at, XapiStatement.id)
        .limit(limit)
    )
    return [Pending(body, attempts) for body, attempts in db.session.execute(query)]


def _update(ids: list[str], **values) -> None:
    db.session.execute(
        update(XapiStatement)
        .where(XapiStatement.id.in_(ids), XapiStatement.state == XapiState.QUEUED)
        .values(attempts=XapiStatement.attempts + 1, **values)
        .execution_options(synchronize_session=False)
    )


def mark_delivered(ids: list[str], now: datetime) -> None:
    values = {"delivered_at": now, "last_error": None, "next_attempt_at": None}
    _update(ids, state=XapiState.DELIVERED, **values)


def mark_held(sid: str, error: str) -> None:
    """The LRS refused this statement on its own: keep it out of the queue."""
    _update([sid], state=XapiState.HELD, last_error=error[:ERROR_MAX])


def mark_failed(ids: list[str], error: str, until: datetime | None) -> None:
    """Nothing counted: the statements stay queued (until the back-off, if any)."""
    _update(ids, next_attempt_at=until, last_error=error[:ERROR_MAX])
