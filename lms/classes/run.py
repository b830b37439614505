"""Running classes (trainers and station masters): schedule one, the roster with
attendance and practical checks (a phone page), and the screen with the rotating
attendance code (`code.json` feeds static/class_screen.js)."""

from __future__ import annotations

import segno
from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select

from lms.access import require_roles
from lms.extensions import db
from lms.models import Course, CourseStatus, Role, StationClass
from lms.models.base import utcnow
from lms.services.classes import attendance, checks, schedule, signups

bp = Blueprint("class_run", __name__, url_prefix="/classes/run")
require_roles(bp, Role.TRAINER, Role.STATION_MASTER, Role.ADMIN)


@bp.get("/")
def index():
    query = select(StationClass).order_by(StationClass.starts_at.desc()).limit(50)
    if not current_user.has_role(Role.ADMIN):
        query = query.where(
            or_(
                StationClass.trainer_id == current_user.id,
                StationClass.station_id == current_user.organisation_id,
            )
        )
    classes = db.session.scalars(query).all()
    return render_template(
        "classes/run_index.html", classes=classes, zone=schedule.zone()
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = schedule.ClassForm(
        **{f: request.form.get(f, "") for f in schedule.ClassForm.__dataclass_fields__}
    )
    if request.method == "POST":
        cls = schedule.schedule_class(current_user, form, utcnow())
        db.session.commit()
        return redirect(url_for("class_run.roster", class_id=cls.id))
    courses = db.session.scalars(
        select(Course)
        .where(Course.status == CourseStatus.PUBLISHED)
        .order_by(Course.code)
    ).all()
    return render_template(
        "classes/new.html",
        stations=schedule.schedulable_stations(current_user),
        courses=courses,
        form=form,
    )


@bp.get("/<int:class_id>")
def roster(class_id: int):
    cls = schedule.runnable(current_user, class_id)
    rows = signups.roster(cls)
    return render_template(
        "classes/roster.html",
        cls=cls,
        rows=rows,
        results={r.id: checks.results(r) for r in rows},
        passed={r.id for r in rows if checks.has_passed(cls, r)},
        figures=checks.figures(cls, rows),
        zone=schedule.zone(),
    )


@bp.post("/<int:class_id>/present")
def mark_present(class_id: int):
    cls = schedule.runnable(current_user, class_id)
    signup_id = request.form.get("signup_id", type=int) or 0
    reason = request.form.get("reason", "")
    attendance.mark_by_hand(current_user, cls, signup_id, reason, utcnow())
    db.session.commit()
    return redirect(url_for("class_run.roster", class_id=class_id))


@bp.post("/<int:class_id>/check")
def check(class_id: int):
    cls = schedule.runnable(current_user, class_id)
    signup_id = request.form.get("signup_id", type=int) or 0
    skill = request.form.get("skill", type=int)
    skill = -1 if skill is None else skill
    result = request.form.get("result", "")
    checks.record_check(current_user, cls, signup_id, skill, result, utcnow())
    db.session.commit()
    return redirect(
        url_for("class_run.roster", class_id=class_id, _anchor=f"s{signup_id}")
    )


@bp.get("/<int:class_id>/screen")
def screen(class_id: int):
    cls = schedule.runnable(current_user, class_id)
    return render_template("classes/screen.html", cls=cls, zone=schedule.zone())


@bp.get("/<int:class_id>/code.json")
def code(class_id: int):
    """The attendance code to show now, as a URL and a QR image (SVG)."""
    cls = schedule.runnable(current_user, class_id)
    now = utcnow()
    url = attendance.code_url(cls, attendance.current_code(cls, now))
    svg = segno.make(url, error="m").svg_inline(scale=8, title="")
    response = jsonify(url=url, svg=svg, seconds_left=attendance.seconds_left(now))
    response.headers["Cache-Control"] = "no-store"
    return response
