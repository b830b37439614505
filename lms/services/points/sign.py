"""The push request of the points contract: the JSON body of a batch and its signed
headers (`X-Points-Signature = sha256=HMAC(secret, "<timestamp>.<raw body>")`)."""

from __future__ import annotations

import hashlib
import hmac
import json


def batch_body(source: str, batch_id: str, sent_at: str, credits: list[dict]) -> bytes:
    """The raw bytes sent (and signed): compact UTF-8 JSON."""
    body = {
        "source": source,
        "batch_id": batch_id,
        "sent_at": sent_at,
        "credits": credits,
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def push_headers(secret: str, batch_id: str, body: bytes, timestamp: int) -> dict:
    return {
        "Content-Type": "application/json",
        "Idempotency-Key": batch_id,
        "X-Points-Timestamp": str(timestamp),
        "X-Points-Signature": signature(secret, timestamp, body),
    }
