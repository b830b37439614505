"""Station masters of an officer's subtree, and inviting one (with a one-time code)."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from lms.errors import Invalid
from lms.extensions import db
from lms.models import OrgKind
from lms.models.base import utcnow
from lms.services.union import reach
from lms.services.union import staff as union_staff
from lms.union import bp


def _stations():
    return [
        o for o in reach.scoped_org_choices(current_user) if o.kind == OrgKind.STATION
    ]


@bp.route("/station-masters", methods=["GET", "POST"])
def station_masters():
    error = None
    if request.method == "POST":
        form = request.form
        try:
            person, code = union_staff.invite_station_master(
                current_user,
                form.get("station", type=int) or 0,
                form.get("name", ""),
                form.get("phone", ""),
                utcnow(),
            )
        except Invalid as exc:
            db.session.rollback()
            error = exc.message
        else:
            db.session.commit()
            return render_template("admin/account_code.html", person=person, code=code)
    page = render_template(
        "union/station_masters.html",
        masters=union_staff.station_masters(current_user),
        stations=_stations(),
        error=error,
        form=request.form,
    )
    return page, (422 if error else 200)
