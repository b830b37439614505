"""Static files with a content hash in their names and a year of caching:
`url_for("static", filename="app.css")` gives `/static/app.3f9c2a1b7e.css`, served
with `Cache-Control: public, max-age=31536000, immutable`, so a page costs no round
trip per file once seen. A changed file gets a new name. The plain name still
answers (revalidated each time), for whatever asks by it."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from flask import Flask, current_app, send_from_directory

ONE_YEAR = 365 * 24 * 3600
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<ext>\.[^./]+)$")


def init_app(app: Flask) -> None:
    app.url_defaults(_hashed_name)
    app.view_functions["static"] = serve


@cache
def _digest(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def digest(filename: str) -> str | None:
    """The content hash of a static file (None if there is no such file)."""
    path = Path(current_app.static_folder, filename)
    if ".." in Path(filename).parts or not path.is_file():
        return None
    return _digest(str(path), path.stat().st_mtime_ns)


def _hashed_name(endpoint: str, values: dict) -> None:
    filename = values.get("filename") if endpoint == "static" else None
    found = digest(filename) if filename else None
    if found:
        stem, dot, ext = filename.rpartition(".")
        values["filename"] = f"{stem}.{found}.{ext}" if dot else filename


def serve(filename: str):
    match = HASHED.match(filename)
    plain = f"{match['stem']}{match['ext']}" if match else None
    if plain and digest(plain) == match["digest"]:
        response = send_from_directory(
            current_app.static_folder, plain, max_age=ONE_YEAR
        )
        response.cache_control.public = True
        response.cache_control.immutable = True
        return response
    return current_app.send_static_file(plain if plain and digest(plain) else filename)
