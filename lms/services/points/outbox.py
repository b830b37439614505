"""The export outbox: which ledger entries are queued, delivered or held, and the
batches they travel in (the points channel's steps for `lms.services.outbox`).

How an entry gets queued: the ledger's `seq` order is its commit order (the ledger
writers take `credits.lock_ledger()` on PostgreSQL; SQLite has one writer at a time),
so every entry with `seq` above the highest `seq` in the outbox is one the outbox has
not seen yet. `enqueue_new` turns those into `queued` rows in one INSERT ... SELECT.
Nothing in the ledger-writing code has to remember the export: a lesson, course or
reversal entry, however it was written, is picked up by the next push. As a safety
net, the last LOOKBACK seqs below that mark are also checked for entries without a
row (one that committed out of order would otherwise be skipped).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, insert, literal, or_, select, update
from sqlalchemy.orm import aliased

from lms.extensions import db
from lms.models import (
    BatchStatus,
    CreditEntry,
    DeliveryState,
    Person,
    PointsBatch,
    PointsDelivery,
)
from lms.models.base import UTCDateTime
from lms.services.credits import ledger as credits
from lms.services.errors import NotFound

REASON_MAX = 500
LOOKBACK = 1000


@dataclass(frozen=True)
class Outgoing:
    """A batch recorded as `sending`, with what goes on the wire and what comes back:
    `row_id` is this send's record, `batch_id` the batch's id on the wire."""

    row_id: str
    batch_id: str
    credits: list[dict]
    seq_by_id: dict[str, int]


def _unseen():
    """Entries with no outbox row: above the highest seq in the outbox, or without a
    row in the LOOKBACK seqs below it."""
    mark = select(func.coalesce(func.max(PointsDelivery.seq), 0)).scalar_subquery()
    has_row = select(PointsDelivery.seq).where(PointsDelivery.seq == CreditEntry.seq)
    return or_(
        CreditEntry.seq > mark,
        and_(CreditEntry.seq > mark - LOOKBACK, ~has_row.exists()),
    )


def enqueue_new(now: datetime) -> int:
    """Queue every ledger entry the outbox has not seen yet; returns how many."""
    fresh = select(
        CreditEntry.seq,
        literal(str(DeliveryState.QUEUED)),
        literal(0),
        literal(now, UTCDateTime()),
    ).where(_unseen())
    columns = ["seq", "state", "attempts", "updated_at"]
    result = db.session.execute(insert(PointsDelivery).from_select(columns, fresh))
    return result.rowcount or 0


def open_batch(limit: int, now: datetime) -> Outgoing | None:
    """Take the next `limit` queued entries in `seq` order and record the batch as
    `sending` (before it is sent). The entries stay queued until the answer."""
    entries = db.session.scalars(
        select(CreditEntry)
        .join(PointsDelivery, PointsDelivery.seq == CreditEntry.seq)
        .where(PointsDelivery.state == DeliveryState.QUEUED)
        .order_by(PointsDelivery.seq)
        .limit(limit)
    ).all()
    if not entries:
        return None
    digest = hashlib.sha256(",".join(str(e.seq) for e in entries).encode()).hexdigest()
    batch_id = _unanswered(digest) or str(uuid.uuid4())
    row = PointsBatch(
        id=str(uuid.uuid4()),
        batch_id=batch_id,
        digest=digest,
        created_at=now,
        size=len(entries),
        first_seq=entries[0].seq,
        last_seq=entries[-1].seq,
        status=BatchStatus.SENDING,
    )
    db.session.add(row)
    db.session.flush()
    credits = [e.as_contract() for e in entries]
    return Outgoing(row.id, batch_id, credits, {e.id: e.seq for e in entries})


def _unanswered(digest: str) -> str | None:
    """The wire id of an earlier batch of exactly these entries that no answer was
    recorded for (sent, then failed or cut short), if any."""
    answered = aliased(PointsBatch)
    query = select(PointsBatch.batch_id).where(
        PointsBatch.digest == digest,
        PointsBatch.status != BatchStatus.ANSWERED,
        ~exists().where(
            answered.batch_id == PointsBatch.batch_id,
            answered.status == BatchStatus.ANSWERED,
        ),
    )
    return db.session.scalar(query.limit(1))


def _close_batch(out: Outgoing, status: BatchStatus, http_status, error, now) -> None:
    db.session.execute(
        update(PointsBatch)
        .where(PointsBatch.id == out.row_id)
        .values(status=status, http_status=http_status, error=error, answered_at=now)
    )
    db.session.execute(
        update(PointsDelivery)
        .where(PointsDelivery.seq.in_(list(out.seq_by_id.values())))
        .values(attempts=PointsDelivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )


def record_failure(out: Outgoing, http_status: int | None, error: str, now) -> None:
    """Nothing in the batch counts: its entries stay queued."""
    _close_batch(out, BatchStatus.FAILED, http_status, error[:REASON_MAX], now)


def record_answer(out: Outgoing, answer: dict, now: datetime) -> tuple[int, int]:
    """Apply a 200 answer: accepted and duplicate ids are delivered, rejected ids held
    with their reason; ids the answer does not name stay queued. Returns
    (delivered, held)."""
    _close_batch(out, BatchStatus.ANSWERED, 200, None, now)
    named = [*answer["accepted"], *answer["duplicates"]]
    done = sorted({out.seq_by_id[i] for i in named if i in out.seq_by_id})
    _set_state(done, DeliveryState.DELIVERED, out.batch_id, now, delivered_at=now)
    held = 0
    for item in answer["rejected"]:
        seq = out.seq_by_id.get(item["id"])
        if seq is not None and seq not in done:
            reason = str(item.get("reason") or "")[:REASON_MAX]
            _set_state([seq], DeliveryState.HELD, out.batch_id, now, held_reason=reason)
            held += 1
    return len(done), held


def _set_state(seqs: list[int], state, batch_id: str, now: datetime, **values) -> None:
    if not seqs:
        return
    db.session.execute(
        update(PointsDelivery)
        .where(
            PointsDelivery.seq.in_(seqs), PointsDelivery.state == DeliveryState.QUEUED
        )
        .values(state=state, batch_id=batch_id, updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )


def counts() -> dict[str, int]:
    """Queued (including entries the outbox has not picked up yet), delivered, held."""
    rows = db.session.execute(
        select(PointsDelivery.state, func.count()).group_by(PointsDelivery.state)
    ).all()
    found = {str(state): n for state, n in rows}
    unseen = db.session.scalar(select(func.count()).where(_unseen()))
    result = {str(s): found.get(str(s), 0) for s in DeliveryState}
    result[DeliveryState.QUEUED] += unseen or 0
    return result


def held_entries(limit: int = 200) -> list[tuple[CreditEntry, PointsDelivery]]:
    query = (
        select(CreditEntry, PointsDelivery)
        .join(PointsDelivery, PointsDelivery.seq == CreditEntry.seq)
        .where(PointsDelivery.state == DeliveryState.HELD)
        .order_by(PointsDelivery.seq)
        .limit(limit)
    )
    return [(entry, row) for entry, row in db.session.execute(query)]


def recent_batches(limit: int = 10) -> list[PointsBatch]:
    query = select(PointsBatch).order_by(PointsBatch.created_at.desc()).limit(limit)
    return list(db.session.scalars(query))


def release_held(admin: Person, entry_id: str, now: datetime) -> PointsDelivery:
    """Queue a held entry again (it is sent in the next push), with an audit line."""
    row = db.session.scalar(
        select(PointsDelivery)
        .join(CreditEntry, CreditEntry.seq == PointsDelivery.seq)
        .where(CreditEntry.id == entry_id, PointsDelivery.state == DeliveryState.HELD)
    )
    if row is None:
        raise NotFound(_l("No held credit entry with this id."))
    reason = f"released; was held: {row.held_reason or ''}"
    row.state, row.held_reason, row.updated_at = DeliveryState.QUEUED, None, now
    credits.audit(admin, "release", reason, now, entry_id=entry_id)
    db.session.flush()
    return row
