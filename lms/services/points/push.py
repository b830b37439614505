"""Pushing the ledger to the points platform, batch after batch, exactly as the
contract says (shared/specs/points-export.md).

Each batch takes two short transactions and never holds one open across the HTTP
call: (1) queue new entries, take the next queued ones, record the batch as
`sending`, commit; send; (2) record the answer, commit. A crash anywhere loses
nothing: until (2) commits, the entries stay queued and are sent again (in a new
batch); the receiver de-duplicates on id, so the points are awarded once.
This module is a runner (like a task): it commits; the steps it calls only flush.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import requests

from lms.extensions import db
from lms.models.base import utcnow
from lms.services.points import outbox, pusher
from lms.services.points.answer import Reply, send
from lms.services.points.lock import single_pusher
from lms.writing import begin_writing

MAX_BATCH = 500


@dataclass(frozen=True)
class Settings:
    url: str | None
    secret: str | None
    source: str
    timeout: float = 30.0
    batch_size: int = MAX_BATCH

    @classmethod
    def from_config(cls, config) -> Settings:
        size = int(config.get("LMS_POINTS_BATCH_SIZE") or MAX_BATCH)
        return cls(
            url=config.get("LMS_POINTS_URL"),
            secret=config.get("LMS_POINTS_SECRET"),
            source=config.get("LMS_INSTANCE_ID") or "gig-lms",
            timeout=float(config.get("LMS_POINTS_TIMEOUT") or 30.0),
            batch_size=max(1, min(MAX_BATCH, size)),  # the contract allows 500
        )


@dataclass
class Report:
    """What one `deliver` run did. `outcome` says why it ended: "empty" (nothing
    left to send), "retry" (a transient failure; back-off set), "waiting" (back-off
    not over), "stopped" (refused; an admin must resume), "off" (no URL or secret),
    "busy" (another pusher is running)."""

    outcome: str = "empty"
    batches: int = 0
    delivered: int = 0
    held: int = 0
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


def deliver(
    settings: Settings,
    *,
    respect_backoff: bool = True,
    clock: Callable[[], datetime] = utcnow,
    lock_wait_s: float = 0.0,
    http: requests.Session | None = None,
    rng: random.Random | None = None,
) -> Report:
    """Send batches until the queue is empty, the receiver fails or stops us, or the
    back-off says not yet (`respect_backoff=False`: try once now anyway). Ends with
    the outbox counts, committed."""
    report = Report()
    if not settings.url or not settings.secret:
        report.outcome = "off"
    else:
        with single_pusher(db.engine, lock_wait_s) as is_pusher:
            report.outcome = "busy"
            if is_pusher:
                run = _Run(settings, http or requests.Session(), clock, rng, report)
                run.loop(respect_backoff)
    report.counts = outbox.counts()
    db.session.commit()
    return report


@dataclass
class _Run:
    settings: Settings
    http: requests.Session
    clock: Callable[[], datetime]
    rng: random.Random | None
    report: Report

    def loop(self, respect_backoff: bool) -> None:
        db.session.commit()  # each step below begins a fresh transaction
        while (outcome := self.push_batch(respect_backoff)) == "sent":
            respect_backoff = True
        self.report.outcome = outcome

    def push_batch(self, respect_backoff: bool) -> str:
        now = self.clock()
        begin_writing()
        outbox.enqueue_new(now)
        state = pusher.for_update()
        if state.is_stopped:
            self.report.error = state.stop_error
            db.session.commit()
            return "stopped"
        if respect_backoff and not pusher.is_due(state, now):
            db.session.commit()
            return "waiting"
        out = outbox.open_batch(self.settings.batch_size, now)
        db.session.commit()  # the batch is on record before it leaves
        if out is None:
            return "empty"
        reply = send(self.http, self.settings, out.batch_id, out.credits, _sent_at())
        self.report.batches += 1
        outcome = self.record(out, reply, self.clock())
        db.session.commit()
        return outcome

    def record(self, out: outbox.Outgoing, reply: Reply, now: datetime) -> str:
        begin_writing()
        state = pusher.for_update()
        if reply.kind == "ok":
            delivered, held = outbox.record_answer(out, reply.answer, now)
            self.report.delivered += delivered
            self.report.held += held
            if delivered + held:
                pusher.record_success(state, now)
                return "sent"
            reply = Reply("retry", 200, error="the answer named no entry of the batch")
        else:
            outbox.record_failure(out, reply.status, reply.error, now)
        self.report.error = reply.error
        if reply.kind == "retry":
            pusher.record_failure(state, reply.error, reply.retry_after, now, self.rng)
            return "retry"
        pusher.record_stop(state, reply.status or 0, reply.error, now)
        return "stopped"


def _sent_at() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
