"""Request ids and logs as one JSON object a line.

Every request gets an id: the `X-Request-ID` it came with (nginx sets one) when it looks
sane, else a new one; it is returned in the response's `X-Request-ID` and put on every
log record written while the request runs. `JsonFormatter` writes a record as one JSON
line; it also reads gunicorn's access records (their args are gunicorn's atoms), so the
access log carries the request id and the duration too.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def init_app(app: Flask) -> None:
    app.before_request(_take_request_id)
    app.after_request(_return_request_id)
    root = logging.getLogger()
    has_json = any(isinstance(h.formatter, JsonFormatter) for h in root.handlers)
    if app.config.get("LMS_LOG_FORMAT") == "json" and not has_json:
        use_json_logs()  # under gunicorn its logconfig_dict did this already


def _take_request_id() -> None:
    given = request.headers.get(HEADER, "")
    g.request_id = given if _SANE.fullmatch(given) else uuid.uuid4().hex


def _return_request_id(response):
    response.headers[HEADER] = current_request_id() or ""
    return response


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def use_json_logs(stream=None) -> logging.Handler:
    """Send the root logger's records to `stream` (stderr) as JSON lines."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    return handler


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, and for
    gunicorn's access records the request's method, path, status and duration."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry |= _access(record.args)
        else:
            entry["msg"] = record.getMessage()
            entry["request_id"] = getattr(record, "request_id", current_request_id())
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _access(atoms: dict) -> dict:
    """A gunicorn access record: its atoms (`h`, `m`, `U`, `s`, `M`, `{name}o`, ...)."""
    request_id = atoms.get("{x-request-id}o") or atoms.get("{x-request-id}i")
    return {
        "msg": "request",
        "request_id": request_id if request_id not in (None, "-") else None,
        "remote": atoms.get("h"),  # the client, once ProxyFix has read nginx's headers
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "query": atoms.get("q") or None,
        "status": _int(atoms.get("s")),
        "bytes": _int(atoms.get("B")),
        "duration_ms": _int(atoms.get("M")),
        "user_agent": atoms.get("a"),
    }


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
