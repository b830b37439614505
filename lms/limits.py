"""Limits on what one request may send, so no input becomes a 500 or occupies a
worker: a body size per route, JSON nested at most MAX_JSON_DEPTH deep, and ids in
URLs within what the database stores (a larger one is simply not found)."""

from __future__ import annotations

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # INTEGER columns on PostgreSQL
MAX_JSON_DEPTH = 20
KB, MB = 1024, 1024 * 1024
DEFAULT_BODY = 1 * MB  # forms and JSON
API_BODY = 256 * KB  # learner-api.md: a phone never sends more
BODY_BY_ENDPOINT = {
    "studio.course_import": 51 * MB,  # the zip's own limit is 50 MB
    "studio.image_upload": 9 * MB,  # 8 MB pictures
    "studio.upload_chunk": 3 * MB,  # 2 MB chunks
    "studio.captions_upload": 3 * MB,
    "union.import_members": 11 * MB,  # a 50,000-row sheet
    "studio.guide_preview": 256 * KB,
    "studio.draft_edit": 512 * KB,
}


class BoundedInt(IntegerConverter):
    """`<int:...>` up to MAX_ID: a larger id does not match (404), never reaching
    the database."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class JSONProvider(DefaultJSONProvider):
    """Parsing refuses JSON nested too deep (as invalid JSON, so the view's own
    "send a JSON object" answer applies)."""

    def loads(self, s, **kwargs):
        try:
            value = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deep") from None
        if _depth_over(value, MAX_JSON_DEPTH):
            raise ValueError("JSON nested too deep")
        return value


def _depth_over(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def init_app(app: Flask) -> None:
    """Before the blueprints: their rules take the bounded `int` converter."""
    app.url_map.converters["int"] = BoundedInt
    app.json = JSONProvider(app)
    app.before_request(_limit_body)
    app.register_error_handler(RequestEntityTooLarge, _too_large)


def _too_large(exc: RequestEntityTooLarge):
    """413 for pages; 400 on the API, as learner-api.md gives it (a phone never
    sends a body over 256 KB)."""
    from lms.errors import HTTP_MESSAGES, error_response

    status = 400 if request.path.startswith("/api/") else 413
    return error_response(status, "too_large", HTTP_MESSAGES[413])


def _limit_body() -> None:
    if request.endpoint in BODY_BY_ENDPOINT:
        request.max_content_length = BODY_BY_ENDPOINT[request.endpoint]
    elif request.path.startswith("/api/"):
        request.max_content_length = API_BODY
    else:
        request.max_content_length = DEFAULT_BODY
