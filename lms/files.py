"""Serving published media (images, video renditions) with Range support and long caching.

Media is what trainers uploaded, so it is served as data, never as a page of this
site: `nosniff`, a CSP sandbox (an SVG opened on its own runs nothing), and anything
that is not video, audio, a picture, captions or a playlist as a download.
`LMS_MEDIA_URL` moves media URLs to a separate, cookieless origin.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, send_from_directory, url_for
from werkzeug.security import safe_join

bp = Blueprint("files", __name__)
ONE_YEAR = 365 * 24 * 3600
ONE_DAY = 24 * 3600
IMMUTABLE_PREFIX = "videos/"  # renditions live in folders named by their content
MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
INLINE_MAJOR = {"video", "audio", "image"}
INLINE_TYPES = {
    "text/vtt",
    "application/x-subrip",
    "application/vnd.apple.mpegurl",
    "application/x-mpegurl",
    "audio/mpegurl",
}
# Names the system's table guesses wrong (".ts" is not a Qt file here).
TYPES_BY_SUFFIX = {
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".srt": "application/x-subrip",
    ".m3u8": "application/vnd.apple.mpegurl",
}


def media_root() -> Path:
    return Path(current_app.config["LMS_DATA_DIR"]) / "media"


def media_url(path: str) -> str:
    """The URL of a published media file, on LMS_MEDIA_URL when that is set."""
    base = current_app.config.get("LMS_MEDIA_URL")
    if base:
        return f"{base}/{path.lstrip('/')}"
    return url_for("files.media", path=path)


def is_inline(mimetype: str | None) -> bool:
    """Whether a phone may show this type in the page (else it is a download)."""
    if not mimetype:
        return False
    return mimetype.split("/")[0] in INLINE_MAJOR or mimetype in INLINE_TYPES


@bp.get("/media/<path:path>")
def media(path: str):
    full = safe_join(str(media_root()), path)
    if full is None or not Path(full).is_file():
        abort(404)
    if current_app.config["LMS_MEDIA_X_ACCEL"]:
        response = Response(headers={"X-Accel-Redirect": f"/_protected_media/{path}"})
        del response.headers["Content-Type"]  # nginx types the file by its name
    else:
        response = send_from_directory(media_root(), path, conditional=True)
    response.cache_control.public = True
    immutable = path.startswith(IMMUTABLE_PREFIX)
    response.cache_control.max_age = ONE_YEAR if immutable else ONE_DAY
    response.cache_control.immutable = immutable
    _as_data(response, media_type(path))
    return response


def media_type(path: str) -> str | None:
    suffix = Path(path).suffix.lower()
    return TYPES_BY_SUFFIX.get(suffix) or mimetypes.guess_type(path)[0]


def _as_data(response: Response, mimetype: str | None) -> None:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = MEDIA_CSP
    if not is_inline(mimetype):
        response.headers["Content-Disposition"] = "attachment"
        response.mimetype = "application/octet-stream"
    elif response.mimetype != mimetype:
        response.mimetype = mimetype
