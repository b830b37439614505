"""`GET /me/credits`: the worker's ledger entries, newest first, and their total."""

from flask import jsonify
from flask_login import current_user

from lms.api import bp, present
from lms.services.credits import ledger as credits


@bp.get("/me/credits")
def my_credits():
    entries = credits.person_credits(current_user)
    return jsonify(
        {
            "total_hours": present.hours(credits.total_hours(entries)),
            "credits": [e.as_contract() for e in entries],
        }
    )
