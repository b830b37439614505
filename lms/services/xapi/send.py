"""Delivering the xAPI outbox to the learning record store: batches, oldest first,
POSTed to `<LMS_XAPI_URL>/statements` (xAPI 1.0.3 header, HTTP basic auth).

No transaction is held across an HTTP call: read the due batch, commit; send;
record the answer, commit. A crash anywhere loses nothing (the statements stay
queued) and duplicates nothing: every statement carries our own id and is sent
byte for byte as stored, and an LRS keeps one statement per id.

Answers: 2xx delivers the batch. 400, 409, 413 or 422 for a batch: its statements
are sent one at a time, so a statement the LRS refuses on its own is marked failed and
the others get through. Anything else (5xx, 429, 401/403, a timeout, a refused
connection) leaves the batch queued behind a back-off and ends the run.
This module is a runner (like a task): it commits; the outbox steps only flush.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import requests

from lms.extensions import db
from lms.models.base import utcnow
from lms.services.xapi import outbox
from lms.services.xapi import record as xapi

XAPI_VERSION = "1.0.3"
REFUSED = {400, 409, 413, 422}
MAX_BATCH = 100


@dataclass(frozen=True)
class Settings:
    url: str | None
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0
    batch_size: int = MAX_BATCH

    @classmethod
    def from_config(cls, config) -> Settings:
        return cls(
            url=config.get("LMS_XAPI_URL"),
            username=config.get("LMS_XAPI_USERNAME"),
            password=config.get("LMS_XAPI_PASSWORD"),
            timeout=float(config.get("LMS_XAPI_TIMEOUT") or 30.0),
        )


@dataclass
class Report:
    """What one `deliver` run did; `outcome` says why it ended (empty, retry, off)."""

    outcome: str = "empty"
    batches: int = 0
    delivered: int = 0
    failed: int = 0
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    status: int | None
    error: str = ""
    retry_after: float | None = None

    @property
    def is_ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def is_refused(self) -> bool:
        return self.status in REFUSED


def post(http: requests.Session, settings: Settings, statements: list[dict]) -> Reply:
    """One POST of a list of statements; never raises for network trouble."""
    body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Experience-API-Version": XAPI_VERSION,
    }
    auth = (settings.username, settings.password or "") if settings.username else None
    url = f"{settings.url.rstrip('/')}/statements"
    try:
        answer = http.post(
            url, data=body, headers=headers, auth=auth, timeout=settings.timeout
        )
    except requests.RequestException as exc:
        return Reply(None, f"{type(exc).__name__}: {exc}")
    if 200 <= answer.status_code < 300:
        return Reply(answer.status_code)
    error = f"HTTP {answer.status_code}: {answer.text[:500]}"
    retry_after = answer.headers.get("Retry-After", "")
    seconds = float(retry_after) if retry_after.isdigit() else None
    return Reply(answer.status_code, error, seconds)


def deliver(
    settings: Settings,
    *,
    respect_backoff: bool = True,
    clock: Callable[[], datetime] = utcnow,
    http: requests.Session | None = None,
    rng: random.Random | None = None,
) -> Report:
    """Send batches until nothing is due or the LRS fails (`respect_backoff=False`:
    statements waiting out a back-off are tried now too). Ends with the counts."""
    report = Report()
    if not settings.url:
        report.outcome = "off"
    else:
        run = _Run(settings, http or requests.Session(), clock, rng, report)
        report.outcome = run.loop(respect_backoff)
    report.counts = xapi.counts()
    db.session.commit()
    return report


@dataclass
class _Run:
    settings: Settings
    http: requests.Session
    clock: Callable[[], datetime]
    rng: random.Random | None
    report: Report

    def loop(self, respect_backoff: bool) -> str:
        while True:
            batch = outbox.due(self.settings.batch_size, self.clock(), respect_backoff)
            db.session.commit()  # no transaction stays open across the POST
            if not batch:
                return "empty"
            outcome = self.send(batch)
            db.session.commit()
            if outcome != "sent":
                return outcome

    def send(self, batch: list[outbox.Pending]) -> str:
        reply = post(self.http, self.settings, [p.statement for p in batch])
        self.report.batches += 1
        if reply.is_ok:
            outbox.mark_delivered([p.id for p in batch], self.clock())
            self.report.delivered += len(batch)
            return "sent"
        if reply.is_refused and len(batch) > 1:
            return self.one_by_one(batch)
        if reply.is_refused:
            outbox.mark_failed(batch[0].id, reply.error)
            self.report.failed += 1
            return "sent"
        outbox.back_off(batch, reply.error, self.clock(), reply.retry_after, self.rng)
        self.report.error = reply.error
        return "retry"

    def one_by_one(self, batch: list[outbox.Pending]) -> str:
        """Find the statements the LRS refuses on their own; deliver the rest."""
        for pending in batch:
            outcome = self.send([pending])
            if outcome != "sent":
                return outcome
        return "sent"
