"""Delivering the xAPI outbox to the learning record store: the xapi channel of the
outbox core (`lms.services.outbox`), batches oldest first POSTed to
`<LMS_XAPI_URL>/statements` (xAPI 1.0.3 header, HTTP basic auth).

Every statement carries our own id and is sent byte for byte as stored, and an LRS
keeps one statement per id, so a re-send duplicates nothing. Answers: 2xx delivers
the batch. 400, 409, 413 or 422 for a batch: its statements are sent one at a time;
a statement refused on its own is held, except a 409 for one the LRS already holds
for the same actor, verb and object (ours, sent before: a duplicate, delivered).
5xx, 429, a timeout or a refused connection back off; 401/403/404 stop the channel
until an administrator resumes it (as for the points export).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import requests

from lms.services.outbox import run, wire
from lms.services.xapi import outbox
from lms.services.xapi import record as xapi

XAPI_VERSION = "1.0.3"
MAX_BATCH = 100
SAME_EVENT = ("id", "actor", "verb", "object")
Report = run.Report


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

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.username, self.password or "") if self.username else None

    @property
    def statements_url(self) -> str:
        return f"{self.url.rstrip('/')}/statements"


class XapiChannel(run.Channel):
    name = "xapi"
    refusals = frozenset({400, 409, 413, 422})

    def __init__(self, settings: Settings):
        self.settings = settings

    def is_ready(self) -> bool:
        return bool(self.settings.url)

    def claim(self, now: datetime) -> list[outbox.Pending] | None:
        return outbox.due(self.settings.batch_size) or None

    def request(self, batch: list[outbox.Pending]) -> wire.Request:
        statements = [p.statement for p in batch]
        body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Experience-API-Version": XAPI_VERSION,
        }
        s = self.settings
        return wire.Request(s.statements_url, body, headers, s.timeout, s.auth)

    def settle(self, batch, reply: wire.Reply, now: datetime) -> tuple[int, int]:
        outbox.mark_delivered([p.id for p in batch], now)
        return len(batch), 0

    def failed(self, batch, reply: wire.Reply, now, until) -> None:
        outbox.mark_failed([p.id for p in batch], reply.error, until)

    def split(self, batch: list[outbox.Pending]) -> list[list[outbox.Pending]]:
        return [[p] for p in batch]

    def refused(self, one, reply: wire.Reply, now, http) -> tuple[int, int]:
        pending = one[0]
        if reply.status == 409 and self.holds_ours(http, pending.statement):
            outbox.mark_delivered([pending.id], now)
            return 1, 0
        outbox.mark_held(pending.id, reply.error)
        return 0, 1

    def holds_ours(self, http: requests.Session, statement: dict) -> bool:
        """Whether the LRS's statement under this id is this event (same actor,
        verb and object): ours, sent before, perhaps with another timestamp."""
        stored = self.stored(http, statement["id"])
        return all(stored.get(k) == statement.get(k) for k in SAME_EVENT)

    def stored(self, http: requests.Session, sid: str) -> dict:
        """The LRS's statement with this id ({} if none or unreadable). Some LRSs
        (Ralph) answer a single-statement query as a list of one."""
        try:
            answer = http.get(
                self.settings.statements_url,
                params={"statementId": sid},
                headers={"X-Experience-API-Version": XAPI_VERSION},
                auth=self.settings.auth,
                timeout=self.settings.timeout,
            )
            body = answer.json() if answer.status_code == 200 else {}
        except (requests.RequestException, ValueError):
            return {}
        if isinstance(body, dict) and isinstance(body.get("statements"), list):
            body = body["statements"][0] if body["statements"] else {}
        return body if isinstance(body, dict) else {}

    def counts(self) -> dict[str, int]:
        return xapi.counts()


def deliver(settings: Settings, **options) -> Report:
    """One run of the outbox core on this channel (options: `run.deliver`'s)."""
    return run.deliver(XapiChannel(settings), **options)
