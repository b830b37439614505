"""Serving published media (images, video renditions) with Range support and long caching."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, send_from_directory
from werkzeug.security import safe_join

bp = Blueprint("files", __name__)
ONE_YEAR = 365 * 24 * 3600
ONE_DAY = 24 * 3600
IMMUTABLE_PREFIX = "videos/"  # renditions live in folders named by their content


def media_root() -> Path:
    return Path(current_app.config["LMS_DATA_DIR"]) / "media"


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
    return response
