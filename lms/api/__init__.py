"""The learner JSON API (v1), exactly as shared/specs/learner-api.md gives it."""

from datetime import timedelta

from flask import Blueprint, current_app, g, request

from lms.access import require_roles
from lms.db_setup import READ_METHODS
from lms.extensions import csrf, db
from lms.models.base import utcnow
from lms.services.accounts import auth
from lms.writing import begin_writing

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


@bp.after_request
def _note_token_use(response):
    """A token's "last used" (GET /me/tokens): the last call that sent something
    (a reading call takes no write lock for it), to the hour."""
    token_id, last = g.get("token_id"), g.get("token_last_used_at")
    if token_id and response.status_code < 400 and request.method not in READ_METHODS:
        now = utcnow()
        if last is None or last < now - timedelta(hours=1):
            begin_writing()
            auth.mark_used(token_id, now)
            db.session.commit()
    return response


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
