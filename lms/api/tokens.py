"""Bearer tokens: `POST /api/v1/auth/token` for a phone and password or a launch JWT;
revoking (`DELETE /auth/token`, `/me/tokens/{id}`), listing, and password change."""

from __future__ import annotations

from flask import current_app, g, jsonify
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.access import bearer_token
from lms.api import bp
from lms.auth import devices
from lms.errors import Invalid, Unauthorized, json_object
from lms.extensions import db
from lms.models.base import utcnow
from lms.services.accounts import auth, launch


@bp.post("/auth/token")
def issue_token():
    body = json_object()
    if isinstance(body.get("launch_token"), str):
        claims = launch.verify_launch_token(
            body["launch_token"], current_app.config["LMS_LAUNCH_SECRET"]
        )
        person = launch.launch(claims)
    elif isinstance(body.get("phone"), str) and isinstance(body.get("password"), str):
        person = devices.authenticate(body["phone"], body["password"])
    else:
        raise Invalid(
            _l("Give a phone and password, or a launch token."), code="missing_fields"
        )
    token, row = auth.issue_token(person, current_app.config["LMS_TOKEN_DAYS"])
    db.session.commit()
    return jsonify({"token": token, "expires_at": row.expires_at.isoformat()})


@bp.delete("/auth/token")
def revoke_token():
    """Sign this client out: the token it sent stops working (204)."""
    token = bearer_token()
    if not token or not auth.revoke_token(token):
        raise Unauthorized()
    db.session.commit()
    return "", 204


@bp.get("/me/tokens")
def my_tokens():
    current = g.get("token_id")
    rows = auth.tokens_of(current_user, utcnow())
    return jsonify({"tokens": [_token(row, current) for row in rows]})


def _token(row, current: int | None) -> dict:
    stamp = lambda t: t.isoformat() if t else None  # noqa: E731
    return {
        "id": str(row.id),
        "created_at": stamp(row.created_at),
        "last_used_at": stamp(row.last_used_at),
        "expires_at": stamp(row.expires_at),
        "current": row.id == current,
    }


@bp.delete("/me/tokens/<int:token_id>")
def revoke_my_token(token_id: int):
    auth.revoke_token_of(current_user, token_id, utcnow())
    db.session.commit()
    return "", 204


@bp.post("/me/password")
def change_my_password():
    """Change the password: every session and token ends; a new token is returned."""
    body = json_object()
    auth.change_password(
        current_user,
        _text(body, "current_password"),
        _text(body, "new_password"),
        utcnow(),
    )
    token, row = auth.issue_token(current_user, current_app.config["LMS_TOKEN_DAYS"])
    db.session.commit()
    return jsonify({"token": token, "expires_at": row.expires_at.isoformat()})


def _text(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise Invalid(_l("“%(name)s” must be text.", name=name), code="missing_fields")
    return value
