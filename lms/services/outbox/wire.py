"""One POST to a receiver and what its answer means for the sender, the same for
every channel: `ok` (2xx; the channel reads the body), `retry` (5xx, 429, timeout,
broken connection: nothing counts, back off), `refused` (a status the channel says
refuses items on their own, e.g. xAPI's 400/409/413/422), `stop` (400/401/403/404
and anything else: a human has to look). `Retry-After` is read as seconds or as an
HTTP date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests

SNIPPET = 500


@dataclass(frozen=True)
class Request:
    url: str
    body: bytes
    headers: dict
    timeout: float
    auth: tuple[str, str] | None = None


@dataclass(frozen=True)
class Reply:
    status: int | None  # None: no answer at all (timeout, broken connection)
    text: str = ""
    error: str = ""
    retry_after: float | None = None
    kind: str = field(default="retry", compare=False)


def post(http: requests.Session, request: Request, refusals=frozenset()) -> Reply:
    """Send `request`; never raises for network trouble. `refusals`: the statuses
    that mean "an item of the batch is refused", for this channel."""
    try:
        response = http.post(
            request.url,
            data=request.body,
            headers=request.headers,
            auth=request.auth,
            allow_redirects=False,
            timeout=(min(10.0, request.timeout), request.timeout),
        )
    except requests.Timeout as exc:
        return Reply(None, error=f"timeout: {exc}"[:SNIPPET])
    except requests.RequestException as exc:
        return Reply(None, error=f"{type(exc).__name__}: {exc}"[:SNIPPET])
    status = response.status_code
    error = "" if status < 300 else f"HTTP {status}: {response.text[:SNIPPET]}"
    kind = classify(status, refusals)
    wait = retry_after(response.headers.get("Retry-After"))
    return Reply(status, response.text, error, wait, kind)


def classify(status: int, refusals=frozenset()) -> str:
    if 200 <= status < 300:
        return "ok"
    if status == 429 or status >= 500:
        return "retry"
    return "refused" if status in refusals else "stop"


def retry_after(raw: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a `Retry-After` value (delta-seconds or an HTTP date)."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit():
        return float(raw)
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
