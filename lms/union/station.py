"""A station master's phone page: their own station's members behind, each with a
call button (the full number, so the visit is written to the audit log) and a remind
button. A blueprint of its own, registered alongside the union blueprint."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.access import require_roles
from lms.extensions import db
from lms.models import Role
from lms.models.base import utcnow
from lms.services.accounts import audit
from lms.services.union import behind, dashboards, notifications, reminders
from lms.services.union.platforms import platform_name
from lms.union import bp as union_bp
from lms.writing import begin_writing

bp = Blueprint("station", __name__, url_prefix="/station")
require_roles(bp, Role.STATION_MASTER)


def _behind():
    filters = dashboards.Filters(org_id=current_user.organisation_id)
    ctx = dashboards.resolve(current_user, filters)
    basis = behind.basis_for(ctx, utcnow())
    return ctx, basis, behind.station_members(ctx, basis, ctx.org.id)


@bp.get("/")
def index():
    ctx, basis, members = _behind()
    if members:
        begin_writing()  # the page shows full numbers for calling: audited
        audit.record(
            current_user,
            "phone_reveal",
            [m.person.id for m in members],
            None,
            view="station",
            org=ctx.org.code,
        )
        db.session.commit()
    return render_template(
        "union/station.html",
        org=ctx.org,
        basis=basis,
        members=members,
        deadline=reminders.deadline_text(basis) if basis.campaign else None,
        platform_name=platform_name,
    )


@bp.post("/remind")
def remind():
    """Remind one member behind (`person`), or all of them."""
    _ctx, basis, members = _behind()
    chosen = request.form.get("person", type=int)
    if chosen is not None:
        members = [m for m in members if m.person.id == chosen]
    sent = notifications.remind(
        members, basis, reminders.default_template(basis), utcnow()
    )
    db.session.commit()
    flash(_l("%(n)s reminded (at most once a day each).", n=sent))
    return redirect(url_for("station.index"))


union_bp.record_once(lambda state: state.app.register_blueprint(bp))
