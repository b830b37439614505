"""The delivery runner, the same for every channel: claim a batch, send it, record
the answer, until the queue is empty, the receiver fails (back off with jitter) or
refuses us (stop), or the back-off says not yet.

Each batch takes two short transactions and never holds one open across the HTTP
call: (1) claim the batch (the channel records it as it needs to), commit; send;
(2) record the answer, commit. A crash anywhere loses nothing: until (2) commits, the
items stay queued and are sent again; receivers de-duplicate on our ids. A batch the
receiver refuses as a whole for an item's sake (the channel's `refusals`) is sent
again one item at a time, so the refused item is held alone and the others go.
This module is a runner (like a task): it commits; the channels' steps only flush.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import requests

from lms.extensions import db
from lms.models.base import utcnow
from lms.services.outbox import state, wire
from lms.services.outbox.lock import single_sender
from lms.writing import begin_writing


class Channel:
    """What a channel plugs into the runner. Every step flushes, never commits."""

    name: str = ""
    refusals: frozenset[int] = frozenset()  # statuses refusing an item on its own

    def is_ready(self) -> bool:
        """Configured (a receiver to send to); else the run is "off"."""
        raise NotImplementedError

    def claim(self, now: datetime) -> Any | None:
        """The next batch of queued items (recorded as the channel needs), or None."""
        raise NotImplementedError

    def request(self, batch) -> wire.Request:
        raise NotImplementedError

    def settle(self, batch, reply: wire.Reply, now: datetime) -> tuple[int, int] | None:
        """A 2xx answer: record it; (delivered, held), or None if it is unusable."""
        raise NotImplementedError

    def failed(self, batch, reply: wire.Reply, now, until: datetime | None) -> None:
        """Nothing in the batch counts; the items stay queued (`until`: the back-off)."""
        raise NotImplementedError

    def split(self, batch) -> list:
        """The batch as batches of one item each."""
        return [batch]

    def refused(self, one, reply: wire.Reply, now, http) -> tuple[int, int]:
        """The receiver refused this one item: (delivered, held) after looking."""
        raise NotImplementedError

    def counts(self) -> dict[str, int]:
        raise NotImplementedError


@dataclass
class Report:
    """What one `deliver` run did. `outcome` says why it ended: "empty" (nothing
    left to send), "retry" (a transient failure; back-off set), "waiting" (back-off
    not over), "stopped" (refused; an admin must resume), "off" (not configured),
    "busy" (another sender of the channel is running)."""

    outcome: str = "empty"
    batches: int = 0
    delivered: int = 0
    held: int = 0
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        """The xAPI report's name for `held` before both channels said "held"."""
        return self.held


@dataclass(frozen=True)
class Gate:
    """What may hold a run back: our own back-off, the receiver's Retry-After."""

    backoff: bool = True
    retry_after: bool = True

    def is_open(self, row, now: datetime) -> bool:
        return not self.retry_after or state.is_due(row, now, backoff=self.backoff)


def deliver(
    channel: Channel,
    *,
    respect_backoff: bool = True,
    respect_retry_after: bool = True,
    clock: Callable[[], datetime] = utcnow,
    lock_wait_s: float = 0.0,
    http: requests.Session | None = None,
    rng: random.Random | None = None,
) -> Report:
    """Send batches until the queue is empty, the receiver fails or stops us, or the
    back-off says not yet (`respect_backoff=False`: our own back-off is skipped, as
    by hand; the receiver's Retry-After still holds unless `respect_retry_after` is
    False too). Ends with the channel's counts, committed."""
    report = Report()
    gate = Gate(respect_backoff, respect_retry_after)
    if not channel.is_ready():
        report.outcome = "off"
    else:
        with single_sender(db.engine, channel.name, lock_wait_s) as is_sender:
            report.outcome = "busy"
            if is_sender:
                run = _Run(channel, http or requests.Session(), clock, rng, report)
                run.loop(gate)
    report.counts = channel.counts()
    db.session.commit()
    return report


@dataclass
class _Run:
    channel: Channel
    http: requests.Session
    clock: Callable[[], datetime]
    rng: random.Random | None
    report: Report

    def loop(self, gate: Gate) -> None:
        db.session.commit()  # each step below begins a fresh transaction
        while (outcome := self.step(gate)) == "sent":
            gate = Gate()
        self.report.outcome = outcome

    def step(self, gate: Gate) -> str:
        now, name = self.clock(), self.channel.name
        begin_writing()
        row = state.for_update(name)
        if row.is_stopped:
            self.report.error = row.stop_error
            db.session.commit()
            return "stopped"
        if not gate.is_open(row, now):
            db.session.commit()
            return "waiting"
        batch = self.channel.claim(now)
        db.session.commit()  # the batch is on record before it leaves
        return "empty" if batch is None else self.send(batch)

    def send(self, batch) -> str:
        request = self.channel.request(batch)
        reply = wire.post(self.http, request, self.channel.refusals)
        self.report.batches += 1
        singles = self.channel.split(batch) if reply.kind == "refused" else []
        if len(singles) > 1:
            return self.one_by_one(singles)
        outcome = self.record(batch, reply, self.clock())
        db.session.commit()
        return outcome

    def one_by_one(self, singles: list) -> str:
        """Find the items the receiver refuses on their own; deliver the rest."""
        for one in singles:
            if (outcome := self.send(one)) != "sent":
                return outcome
        return "sent"

    def record(self, batch, reply: wire.Reply, now: datetime) -> str:
        begin_writing()
        row = state.for_update(self.channel.name)
        settled = self.settled(batch, reply, now)
        if settled is not None:
            self.report.delivered += settled[0]
            self.report.held += settled[1]
            state.record_success(row, now)
            return "sent"
        if reply.kind == "ok":
            error = f"unusable answer (garbled or naming no item): {reply.text[:500]}"
            reply = replace(reply, kind="retry", error=error)
        self.report.error = reply.error
        if reply.kind == "retry":
            state.record_failure(row, reply.error, reply.retry_after, now, self.rng)
            self.channel.failed(batch, reply, now, row.next_attempt_at)
            return "retry"
        state.record_stop(row, reply.status or 0, reply.error, now)
        self.channel.failed(batch, reply, now, None)
        return "stopped"

    def settled(self, batch, reply: wire.Reply, now) -> tuple[int, int] | None:
        if reply.kind == "ok":
            return self.channel.settle(batch, reply, now)
        if reply.kind == "refused":
            return self.channel.refused(batch, reply, now, self.http)
        return None
