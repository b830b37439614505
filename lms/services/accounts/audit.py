"""The staff audit log: one call records an action, one query reads it back, one sweep
drops what is past the kept period. Every export of member data, every phone reveal
and every change of an account or a role goes through `record`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from lms.extensions import db
from lms.models import AuditEvent, Person
from lms.models.base import utcnow
from lms.writing import begin_writing


def record(
    actor: Person | None,
    action: str,
    subjects: Iterable[int] = (),
    reason: str | None = None,
    **detail,
) -> AuditEvent:
    """Add one audit row, flushed with the change it describes. `subjects` are the
    database ids of the people the action touched."""
    begin_writing()  # an audit row is a write, even on a page that only reads
    row = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject_ids=sorted({int(s) for s in subjects}),
        detail={k: str(v) for k, v in detail.items()},
        reason=(reason or "").strip() or None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def record_apart(
    actor: Person | None, action: str, subjects: Iterable[int] = (), **detail
) -> None:
    """`record`, committed at once in a short transaction of its own: for a request
    that only reads (a streamed export), whose own session never commits."""
    row = {
        "at": utcnow(),
        "actor_id": actor.id if actor is not None else None,
        "action": action,
        "subject_ids": sorted({int(s) for s in subjects}),
        "detail": {k: str(v) for k, v in detail.items()},
    }
    with db.engine.connect() as connection:
        connection.begin()
        begin_writing(connection)
        connection.execute(AuditEvent.__table__.insert(), [row])
        connection.commit()


def recent(limit: int = 200, action: str | None = None) -> list[AuditEvent]:
    """The newest events first, optionally of one action."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query.limit(limit)))


def sweep(now: datetime, keep_days: int) -> int:
    """Delete events older than `keep_days`; returns how many went."""
    cutoff = now - timedelta(days=keep_days)
    result = db.session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    return result.rowcount or 0
