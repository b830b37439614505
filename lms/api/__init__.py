"""The learner JSON API (v1), exactly as shared/specs/learner-api.md gives it."""

from flask import Blueprint, current_app, g, request

from lms.access import require_roles
from lms.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC = {"api.issue_token", "api.openapi", "api.credits_feed"}  # feed: own token
require_roles(bp, allow_anonymous=PUBLIC)
csrf.exempt(bp)


@bp.before_request
def _csrf_for_cookie_sessions():
    """Bearer clients need no CSRF token; our own pages, which use the cookie, do."""
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        if request.endpoint not in PUBLIC and not g.get("via_token"):
            if current_app.config.get("WTF_CSRF_ENABLED", True):
                csrf.protect()


from lms.api import (  # noqa: E402, F401
    catalogue,
    credits,
    credits_feed,
    openapi,
    progress,
    quizzes,
    search,
    tokens,
)
