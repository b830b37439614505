"""Security headers on every response: a CSP whose scripts carry a per-response nonce,
no framing, `nosniff`, a strict referrer policy, `no-store` on whatever belongs to a
signed-in person (pages, exports, the API, the credits feed), and over HTTPS (as the
proxy says: LMS_PROXY_HOPS proxies are trusted) HSTS and `Secure` cookies.

Templates write `<script nonce="{{ csp_nonce() }}">` for the rare inline script;
event-handler attributes (`onclick=`) cannot carry a nonce and are not used.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

# Served as files with their own headers and caching (see lms/files.py, pwa.py).
PUBLIC_FILES = {"static", "files.media", "pwa.service_worker", "pwa.manifest"}
HSTS = "max-age=31536000"


def init_app(app: Flask) -> None:
    """Register before the other extensions: this hook then runs after theirs and
    sees every cookie they set."""
    hops = int(app.config.get("LMS_PROXY_HOPS") or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.session_interface = SessionInterface()
    app.after_request(add_headers)
    app.context_processor(lambda: {"csp_nonce": csp_nonce})


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is `Secure` whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        secure = super().get_cookie_secure(app)
        return secure or (has_request_context() and request.is_secure)


def csp_nonce() -> str:
    """This response's script nonce (made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def policy(nonce: str) -> str:
    media = current_app.config.get("LMS_MEDIA_URL") or ""
    origin = "/".join(media.split("/")[:3]) if media else ""
    # Browser automation evaluates its waiting predicates with eval(): tests allow
    # that (and only that); inline scripts still need the nonce there too.
    evaluate = " 'unsafe-eval'" if current_app.config.get("LMS_CSP_ALLOW_EVAL") else ""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'{evaluate}",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {origin}".rstrip(),
            f"media-src 'self' blob: {origin}".rstrip(),
            f"connect-src 'self' {origin}".rstrip(),
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Content-Security-Policy", policy(csp_nonce()))
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
        _secure_cookies(response)
    if _private(response):
        response.cache_control.no_store = True
        response.cache_control.public = False
        response.cache_control.max_age = None
        headers.pop("ETag", None)
    return response


def _private(response: Response) -> bool:
    """Whether the response belongs to one signed-in person (or to the API)."""
    if request.endpoint in PUBLIC_FILES:
        return False
    if request.path.startswith("/api/"):
        return True
    if response.headers.get("Content-Disposition", "").startswith("attachment"):
        return True
    return bool(current_user and current_user.is_authenticated)


def _secure_cookies(response: Response) -> None:
    cookies = response.headers.getlist("Set-Cookie")
    if not cookies:
        return
    response.headers.remove("Set-Cookie")
    for cookie in cookies:
        secure = "; secure" in cookie.lower()
        response.headers.add("Set-Cookie", cookie if secure else f"{cookie}; Secure")
