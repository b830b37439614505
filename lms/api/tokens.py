"""`POST /api/v1/auth/token`: a bearer token for a phone and password, or a launch JWT."""

from __future__ import annotations

from flask import current_app, jsonify
from flask_babel import lazy_gettext as _l

from lms.api import bp
from lms.errors import Invalid, json_object
from lms.extensions import db, limiter
from lms.services.accounts import auth, launch


def _failed(response) -> bool:
    return response.status_code == 401


@bp.post("/auth/token")
@limiter.limit("10 per minute;60 per hour", deduct_when=_failed)
def issue_token():
    body = json_object()
    if isinstance(body.get("launch_token"), str):
        claims = launch.verify_launch_token(
            body["launch_token"], current_app.config["LMS_LAUNCH_SECRET"]
        )
        person = launch.launch(claims)
    elif isinstance(body.get("phone"), str) and isinstance(body.get("password"), str):
        person = auth.authenticate(body["phone"], body["password"])
    else:
        raise Invalid(
            _l("Give a phone and password, or a launch token."), code="missing_fields"
        )
    token, row = auth.issue_token(person, current_app.config["LMS_TOKEN_DAYS"])
    db.session.commit()
    return jsonify({"token": token, "expires_at": row.expires_at.isoformat()})
