"""Pushing the ledger to the points platform, batch after batch, exactly as the
contract says (shared/specs/points-export.md): the points channel of the outbox core
(`lms.services.outbox`), which claims, sends, backs off and stops; this module says
what a batch is, how it is signed, and what the receiver's answer means.

A crash anywhere loses nothing: until the answer is recorded the entries stay queued
and are sent again (with the same `batch_id` when exactly the same entries go again);
the receiver de-duplicates on id, so the points are awarded once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from lms.services.outbox import run, wire
from lms.services.points import answer, outbox
from lms.services.points.sign import batch_body, push_headers

MAX_BATCH = 500
Report = run.Report


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
            source=config["LMS_INSTANCE_ID"],
            timeout=float(config.get("LMS_POINTS_TIMEOUT") or 30.0),
            batch_size=max(1, min(MAX_BATCH, size)),  # the contract allows 500
        )


class PointsChannel(run.Channel):
    """Batches of ledger entries in `seq` order; 400/401/403/404 stop the channel
    (no status refuses a single entry: the 200 answer names rejected ones)."""

    name = "points"

    def __init__(self, settings: Settings):
        self.settings = settings

    def is_ready(self) -> bool:
        return bool(self.settings.url and self.settings.secret)

    def claim(self, now: datetime) -> outbox.Outgoing | None:
        outbox.enqueue_new(now)
        return outbox.open_batch(self.settings.batch_size, now)

    def request(self, out: outbox.Outgoing) -> wire.Request:
        s = self.settings
        sent_at = datetime.now(UTC).isoformat(timespec="seconds")
        body = batch_body(s.source, out.batch_id, sent_at, out.credits)
        headers = push_headers(s.secret, out.batch_id, body, int(time.time()))
        url = s.url.rstrip("/") + "/v1/credits"
        return wire.Request(url, body, headers, s.timeout)

    def settle(self, out, reply: wire.Reply, now: datetime) -> tuple[int, int] | None:
        parsed = answer.parse(reply.text) if reply.status == 200 else None
        if parsed is None or not answer.names_any(parsed, out.seq_by_id):
            return None
        return outbox.record_answer(out, parsed, now)

    def failed(self, out, reply: wire.Reply, now, until) -> None:
        outbox.record_failure(out, reply.status, reply.error, now)

    def counts(self) -> dict[str, int]:
        return outbox.counts()


def deliver(settings: Settings, **options) -> Report:
    """One run of the outbox core on this channel (options: `run.deliver`'s)."""
    return run.deliver(PointsChannel(settings), **options)
