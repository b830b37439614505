"""Verification views: parse, call `certificates_verify`, `badges` or
`status_list`, render."""

from __future__ import annotations

from flask import jsonify, make_response, render_template, request

from lms.errors import NotFound
from lms.extensions import csrf
from lms.models.base import utcnow
from lms.services.credits import badges, certificates_verify, status_list
from lms.verify import bp


@bp.get("/issuer")
def issuer():
    """The issuer's OB 3.0 Profile with its Ed25519 public key (a JWK set)."""
    return jsonify(badges.issuer_profile())


@bp.get("/keys/key-1")
def key():
    """The public JWK the badges' `kid` names (dereferencing `kid` gives the key)."""
    return jsonify(badges.public_jwk())


@bp.get("/status/<int:number>")
def status(number: int):
    """The revocation status list (a signed BitstringStatusListCredential)."""
    if number > 1_000:
        raise NotFound()
    response = make_response(status_list.list_credential(number, utcnow()))
    response.mimetype = "application/vc+jwt"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/<certificate_id>")
def certificate(certificate_id: str):
    view = certificates_verify.public_view(certificate_id, utcnow())
    return render_template("verify/certificate.html", view=view)


@bp.post("/credential")
@csrf.exempt
def check_credential():
    """Verify an OB 3.0 credential (VC-JWT) posted as the raw body, as JSON
    `{"credential": "<jwt>"}` or as an uploaded file field `credential`.
    200 with `verified: true`, or 422 with `verified: false` and a `reason`."""
    verdict = certificates_verify.verify_token(_posted_token(), utcnow())
    return jsonify(verdict.as_json()), 200 if verdict.is_verified else 422


def _posted_token() -> str:
    upload = request.files.get("credential")
    if upload is not None:
        return upload.read(certificates_verify.MAX_TOKEN + 1).decode("ascii", "replace")
    if request.is_json:
        body = request.get_json(silent=True)
        value = body.get("credential") if isinstance(body, dict) else None
        return value if isinstance(value, str) else ""
    return request.get_data(as_text=True)
