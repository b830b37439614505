"""The installable, offline-capable shell: web app manifest, the service worker
(served from `/` so its scope is the whole site), the offline page, and the
larger-text setting. Public: none of it holds a worker's data.

The service worker's cache version is a hash of the shell files, so changing any
of them installs a new worker, which fetches the new files and drops old caches.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from lms.auth.views import _safe_next
from lms.i18n import html_lang

bp = Blueprint("pwa", __name__)
SHELL_FILES = ("app.css", "app.js", "offline.js", "player.js", "icons/icon-192.png")
TEXT_COOKIE = "ra_text"
ONE_YEAR = 365 * 24 * 3600


@cache
def _shell_version(static_folder: str) -> str:
    digest = hashlib.sha256()
    for name in (*_shell_files(static_folder), "sw.js"):
        digest.update((Path(static_folder) / name).read_bytes())
    return digest.hexdigest()[:12]


def _shell_files(static_folder: str) -> list[str]:
    return [name for name in SHELL_FILES if (Path(static_folder) / name).is_file()]


def shell_urls() -> list[str]:
    files = _shell_files(current_app.static_folder)
    return [*(url_for("static", filename=n) for n in files), url_for("pwa.offline")]


@bp.get("/sw.js")
def service_worker():
    folder = current_app.static_folder
    source = (Path(folder) / "sw.js").read_text(encoding="utf-8")
    version = _shell_version(folder) if not current_app.debug else "dev"
    source = source.replace("__VERSION__", version)
    source = source.replace('"__SHELL__"', json.dumps(shell_urls()))
    response = Response(source, mimetype="application/javascript")
    response.headers["Cache-Control"] = "no-cache"  # updates reach phones at once
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    icon = "icons/{}.png".format
    body = {
        "name": _("Rider Academy"),
        "short_name": _("Rider Academy"),
        "lang": html_lang(),
        "start_url": url_for("learner.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f7f9",
        "theme_color": "#0b5cad",
        "icons": [
            _icon(url_for("static", filename=icon("icon-192")), 192),
            _icon(url_for("static", filename=icon("icon-512")), 512),
            _icon(url_for("static", filename=icon("maskable-512")), 512, "maskable"),
        ],
    }
    response = Response(json.dumps(body, ensure_ascii=False))
    response.mimetype = "application/manifest+json"
    return response


def _icon(src: str, size: int, purpose: str = "any") -> dict:
    return {
        "src": src,
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


@bp.get("/offline")
def offline():
    """The page shown when offline: the lessons downloaded on this phone."""
    return render_template("learner/offline.html")


@bp.post("/settings/text-size")
def text_size():
    """Larger text on or off, kept in a cookie (works without JavaScript)."""
    response = redirect(_safe_next(request.form.get("next")))
    if request.form.get("size") == "large":
        response.set_cookie(TEXT_COOKIE, "large", max_age=ONE_YEAR, samesite="Lax")
    else:
        response.delete_cookie(TEXT_COOKIE)
    return response
