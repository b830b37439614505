"""Who is signed in (session cookie, remember cookie or bearer token) and
blueprint-level access rules.

A browser session and its remember cookie carry `<person id>.<session version>.<nonce>`:
raising `Person.session_version` (logout, password change, deactivation) ends every
one of them at once, and the nonce makes each sign-in's remember token new.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Blueprint, Flask, g, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user

from lms.errors import Forbidden, Unauthorized
from lms.extensions import db
from lms.models import Person, Role
from lms.services.accounts import auth


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(_load_user)
    login_manager.request_loader(_load_bearer)
    app.config.setdefault("REMEMBER_COOKIE_DURATION", timedelta(days=30))
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)


def sign_in(person: Person) -> None:
    """Start a fresh session for `person`: nothing from before sign-in is kept but the
    language (a new CSRF secret, no fixation), and a new remember token."""
    lang = session.get("lang")
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF's token of the old secret, cached per request
    if lang:
        session["lang"] = lang
    login_user(person, remember=True)
    session["_user_id"] = session_key(person)


def session_key(person: Person) -> str:
    return f"{person.id}.{person.session_version or 0}.{secrets.token_urlsafe(12)}"


def person_of_key(key: str) -> int | None:
    """The person id a session key names, or None (a key from before versions)."""
    parts = str(key).split(".")
    return int(parts[0]) if len(parts) == 3 and parts[0].isdigit() else None


def _load_user(user_id: str) -> Person | None:
    """The person of a session or remember cookie, if that session has not ended."""
    parts = str(user_id).split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    if int(parts[0]) > 2**63 - 1:
        return None
    person = db.session.get(Person, int(parts[0]))
    if person is None or person.deactivated_at is not None:
        return None
    return person if (person.session_version or 0) == int(parts[1]) else None


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _load_bearer(_request) -> Person | None:
    token = bearer_token()
    found = auth.token_in_force(token) if token else None
    g.via_token = found is not None
    if found is None:
        return None
    person, g.token_id, g.token_last_used_at = found
    return person


def require_roles(bp: Blueprint, *roles: Role, allow_anonymous: set[str] = frozenset()):
    """Protect every view of `bp`: signed in, and holding one of `roles` (if given)."""

    @bp.before_request
    def _check():
        if request.endpoint in allow_anonymous:
            return None
        if not current_user.is_authenticated:
            if bp.name == "api":
                raise Unauthorized()
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if roles and not current_user.has_role(*roles):
            raise Forbidden()
        return None
