"""Gzip for text responses (pages, CSS, JavaScript, JSON), so a phone on a weak
signal downloads a third of the bytes. On by default (`make run` serves directly);
set LMS_GZIP=0 when a front proxy (nginx `gzip on`) compresses instead.

Media (video, images) is never touched: it is compressed already, and Range
requests must see the file's own bytes.
"""

from __future__ import annotations

import gzip
import os

from flask import Flask, Response, request

_static: dict[str, bytes] = {}
MIN_SIZE = 500  # bytes; below this the gzip header costs more than it saves
TEXT_TYPES = {
    "text/html",
    "text/css",
    "text/plain",
    "text/vtt",
    "application/javascript",
    "text/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
}


def init_app(app: Flask) -> None:
    app.config.setdefault("LMS_GZIP", os.environ.get("LMS_GZIP", "1") != "0")
    if app.config["LMS_GZIP"]:
        app.after_request(compress)


def compress(response: Response) -> Response:
    """Gzip `response` in place when the client accepts it and it is worth it."""
    if not _worth_compressing(response):
        return response
    response.vary.add("Accept-Encoding")
    if "gzip" not in request.headers.get("Accept-Encoding", "").lower():
        return response
    etag, weak = response.get_etag()
    static = response.direct_passthrough and etag is not None
    response.direct_passthrough = False  # a static file: read it into memory
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return response
    response.set_data(_gzip_static(etag, body) if static else _gzip(body))
    response.headers["Content-Encoding"] = "gzip"
    if etag and not weak:  # the gzip bytes differ from the file's: a weak validator
        response.set_etag(etag, weak=True)
    return response


def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=6, mtime=0)


def _gzip_static(etag: str, body: bytes) -> bytes:
    """A static file's gzip, kept per ETag (the file's mtime, size and name)."""
    if etag not in _static:
        if len(_static) >= 64:
            _static.clear()
        _static[etag] = _gzip(body)
    return _static[etag]


def _worth_compressing(response: Response) -> bool:
    return (
        response.status_code == 200
        and response.mimetype in TEXT_TYPES
        and "Content-Encoding" not in response.headers
        and "Content-Range" not in response.headers
        # a generator (an export streamed as it is made) stays streamed; a file
        # (direct passthrough) is read whole
        and (response.direct_passthrough or not response.is_streamed)
    )
