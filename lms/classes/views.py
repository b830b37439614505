"""Workers' class views: parse, call one `classes` service, render or redirect."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.classes import bp
from lms.errors import NotFound
from lms.extensions import db
from lms.models import Organisation, OrgKind
from lms.models.base import utcnow
from lms.services.classes import attendance, reports, schedule, signups
from lms.writing import begin_writing


@bp.get("/")
def index():
    return render_template(
        "classes/index.html", classes=signups.classes_near(current_user, utcnow(), 20)
    )


@bp.get("/<int:class_id>")
def detail(class_id: int):
    cls = schedule.get_class(class_id)
    return render_template(
        "classes/detail.html",
        cls=cls,
        mine=signups.signup_of(current_user, cls),
        taken=signups.confirmed_count(cls),
        zone=schedule.zone(),
        can_cancel=utcnow() <= cls.starts_at - signups.CANCEL_UNTIL,
    )


@bp.post("/<int:class_id>/signup")
def sign_up(class_id: int):
    row = signups.sign_up(current_user, schedule.get_class(class_id), utcnow())
    db.session.commit()
    flash(
        _("You have a place.")
        if row.state == "confirmed"
        else _("You are on the waiting list.")
    )
    return redirect(url_for("classes.detail", class_id=class_id))


@bp.post("/<int:class_id>/cancel")
def cancel(class_id: int):
    signups.cancel(current_user, schedule.get_class(class_id), utcnow())
    db.session.commit()
    flash(_("Your sign-up is cancelled."))
    return redirect(url_for("classes.detail", class_id=class_id))


@bp.get("/<int:class_id>/checkin")
def check_in(class_id: int):
    """What a scanned attendance code opens: marks the worker present."""
    begin_writing()
    cls = schedule.get_class(class_id)
    attendance.check_in(current_user, cls, request.args.get("code", ""), utcnow())
    db.session.commit()
    return render_template("classes/checked_in.html", cls=cls)


@bp.get("/stations/<int:station_id>")
def station(station_id: int):
    org = db.session.get(Organisation, station_id)
    if org is None or org.kind != OrgKind.STATION:
        raise NotFound()
    return render_template(
        "classes/station.html",
        station=org,
        classes=reports.station_upcoming(org.id, utcnow()),
        zone=schedule.zone(),
    )
