"""Public certificate verification, no sign-in (no access rule on this blueprint):
the page a certificate's QR code opens, the issuer's profile with the public key
that verifies its badges, and a JSON endpoint that checks a posted credential."""

from flask import Blueprint

bp = Blueprint("verify", __name__, url_prefix="/verify")

from lms.verify import views  # noqa: E402, F401
