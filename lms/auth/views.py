"""Views for signing in: thin, each calls one service."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from lms.auth import bp
from lms.auth.forms import LoginForm
from lms.auth.setup import landing_url
from lms.errors import ServiceError
from lms.extensions import db, limiter
from lms.i18n import SUPPORTED
from lms.services.accounts import auth, launch


def _failed(response) -> bool:
    return response.status_code == 200 and request.method == "POST"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute;30 per hour", methods=["POST"], deduct_when=_failed)
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            person = auth.authenticate(form.phone.data, form.password.data)
        except ServiceError as exc:
            error = exc.message
        else:
            login_user(person, remember=True)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next"), person))
    return render_template("auth/login.html", form=form, error=error)


def _safe_next(target: str | None, person=None) -> str:
    """Only same-site paths, so the login cannot be used to send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc:
            return target
    return landing_url(person) if person is not None else url_for("learner.home")


@bp.post("/logout")
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@bp.get("/launch")
def launch_from_city_app():
    claims = launch.verify_launch_token(
        request.args.get("token", ""), current_app.config["LMS_LAUNCH_SECRET"]
    )
    person = launch.launch(claims)
    db.session.commit()
    login_user(person, remember=True)
    return redirect(url_for("learner.home"))


@bp.get("/lang/<code>")
def switch_language(code: str):
    if code in SUPPORTED:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))
