"""Views for signing in: thin, each calls one service."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from lms.access import person_of_key, sign_in
from lms.auth import bp, devices
from lms.auth.forms import ForgotForm, LoginForm, ResetForm
from lms.auth.setup import landing_url
from lms.errors import ServiceError
from lms.extensions import db, limiter
from lms.i18n import SUPPORTED
from lms.models.base import utcnow
from lms.services.accounts import launch, passwords, sessions
from lms.writing import begin_writing

# Clears the browser's copies of this site: service worker caches (downloaded lessons),
# IndexedDB (queued progress) and the HTTP cache.
CLEAR_SITE_DATA = '"cache", "storage"'


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        try:
            person = devices.authenticate(form.phone.data, form.password.data)
        except ServiceError as exc:
            error, status = exc.message, (429 if exc.status == 429 else 200)
        else:
            before = person_of_key(session.get("_user_id", ""))
            sign_in(person)
            db.session.commit()
            response = redirect(_safe_next(request.args.get("next"), person))
            if before is not None and before != person.id:  # a shared phone
                response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
            devices.remember_device(response, person)
            return response
    return render_template("auth/login.html", form=form, error=error), status


def _safe_next(target: str | None, person=None) -> str:
    """Only same-site paths, so the login cannot be used to send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc:
            return target
    return landing_url(person) if person is not None else url_for("learner.home")


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
            sign_in(person)
            return redirect(url_for("learner.home"))
    sent = request.args.get("sent") == "1"
    return render_template("auth/reset.html", form=form, error=error, sent=sent)


@bp.post("/logout")
def logout():
    """End every browser session of this person (other phones too), and forget
    this phone's copies: the next person must not find them."""
    if current_user.is_authenticated:
        sessions.end_sessions(current_user, utcnow(), api_tokens=False)
        db.session.commit()
    logout_user()
    response = redirect(url_for("auth.login"))
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@bp.get("/launch")
def launch_from_city_app():
    claims = launch.verify_launch_token(
        request.args.get("token", ""), current_app.config["LMS_LAUNCH_SECRET"]
    )
    begin_writing()  # a GET that signs the worker up or in
    person = launch.launch(claims)
    sign_in(person)
    db.session.commit()
    return redirect(url_for("learner.home"))


@bp.get("/lang/<code>")
def switch_language(code: str):
    if code in SUPPORTED:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))
