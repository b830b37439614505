"""Who is signed in (session cookie or bearer token) and blueprint-level access rules."""

from __future__ import annotations

from flask import Blueprint, Flask, g, redirect, request, url_for
from flask_login import LoginManager, current_user

from lms.errors import Forbidden, Unauthorized
from lms.extensions import db
from lms.models import Person, Role
from lms.services.accounts import auth


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(_load_user)
    login_manager.request_loader(_load_bearer)


def _load_user(user_id: str) -> Person | None:
    person = db.session.get(Person, int(user_id)) if user_id.isdigit() else None
    return person if person is not None and person.deactivated_at is None else None


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _load_bearer(_request) -> Person | None:
    token = bearer_token()
    person = auth.person_for_token(token) if token else None
    g.via_token = person is not None
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
