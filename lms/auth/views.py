"""Views for signing in: thin, each calls one service."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from lms.auth import bp
from lms.auth.forms import ForgotForm, LoginForm, ResetForm
from lms.errors import ServiceError
from lms.extensions import db, limiter
from lms.i18n import SUPPORTED
from lms.models.base import utcnow
from lms.services.accounts import auth, launch, passwords


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
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form, error=error)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login cannot be used to send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc:
            return target
    return url_for("learner.home")


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("3 per minute;10 per hour", methods=["POST"])
def forgot_password():
    """Ask for a code; the same answer whether or not the phone is registered."""
    form = ForgotForm()
    if form.validate_on_submit():
        passwords.request_code(form.phone.data, utcnow())
        db.session.commit()
        return redirect(url_for("auth.reset_password", phone=form.phone.data, sent=1))
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit("10 per minute;30 per hour", methods=["POST"])
def reset_password():
    form = ResetForm(phone=request.args.get("phone", ""))
    error = None
    if form.validate_on_submit():
        try:
            args = (form.phone.data, form.code.data, form.password.data)
            person = passwords.reset_password(*args, utcnow())
        except ServiceError as exc:
            db.session.commit()  # a wrong try is counted
            error = exc.message
        else:
            db.session.commit()
            login_user(person, remember=True)
            return redirect(url_for("learner.home"))
    sent = request.args.get("sent") == "1"
    return render_template("auth/reset.html", form=form, error=error, sent=sent)


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
