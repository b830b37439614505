"""One POST to the receiver and what its answer means for the sender:
`ok` (a 200 with a well-formed answer), `retry` (5xx, 429, timeout, broken
connection, garbled 200: nothing counts) or `stop` (400/401/403/404 and anything
else the contract does not allow: a human has to look)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests

from lms.services.points.sign import batch_body, push_headers

SNIPPET = 500


@dataclass(frozen=True)
class Reply:
    kind: str  # "ok" | "retry" | "stop"
    status: int | None = None
    answer: dict | None = None
    error: str = ""
    retry_after: float | None = None


def send(http: requests.Session, settings, batch_id: str, credits, sent_at) -> Reply:
    body = batch_body(settings.source, batch_id, sent_at, credits)
    headers = push_headers(settings.secret, batch_id, body, int(time.time()))
    url = settings.url.rstrip("/") + "/v1/credits"
    try:
        response = http.post(
            url,
            data=body,
            headers=headers,
            allow_redirects=False,
            timeout=(min(10.0, settings.timeout), settings.timeout),
        )
    except requests.Timeout as exc:
        return Reply("retry", error=f"timeout: {exc}"[:SNIPPET])
    except requests.RequestException as exc:
        return Reply("retry", error=f"{type(exc).__name__}: {exc}"[:SNIPPET])
    return classify(response)


def classify(response: requests.Response) -> Reply:
    status = response.status_code
    error = f"HTTP {status}: {response.text[:SNIPPET]}"
    if status == 429 or status >= 500:
        return Reply("retry", status, error=error, retry_after=retry_after(response))
    if status != 200:
        return Reply("stop", status, error=error)
    answer = _answer(response)
    if answer is None:
        return Reply("retry", status, error=f"garbled answer: {error}")
    return Reply("ok", status, answer=answer)


def _answer(response: requests.Response) -> dict | None:
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    lists = [body.get(k, []) for k in ("accepted", "duplicates", "rejected")]
    if not all(isinstance(v, list) for v in lists):
        return None
    accepted, duplicates, rejected = lists
    rejected = [r for r in rejected if isinstance(r, dict) and "id" in r]
    return {
        "accepted": [str(i) for i in accepted],
        "duplicates": [str(i) for i in duplicates],
        "rejected": rejected,
    }


def retry_after(response: requests.Response) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date)."""
    raw = (response.headers.get("Retry-After") or "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return float(raw)
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())
