"""Account views: thin, each calls one service."""

from __future__ import annotations

import json

from flask import Response, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from lms.access import sign_in
from lms.account import bp
from lms.account.forms import CloseForm, PasswordForm
from lms.auth.views import CLEAR_SITE_DATA, _safe_next
from lms.errors import ServiceError
from lms.extensions import db
from lms.models import Role
from lms.models.base import utcnow
from lms.services.accounts import auth
from lms.services.privacy import closing, record, record_pdf


def _me():
    return current_user._get_current_object()


@bp.get("/")
def index():
    return render_template("account/index.html")


@bp.route("/password", methods=["GET", "POST"])
def password():
    """A new password ends every session and token of the person, this one too;
    this phone is signed in again at once."""
    form = PasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            auth.change_password(_me(), form.current.data, form.new.data, utcnow())
        except ServiceError as exc:
            db.session.rollback()
            error = exc.message
        else:
            sign_in(_me())
            db.session.commit()
            return render_template("account/index.html", done=_("Password changed."))
    page = render_template("account/password.html", form=form, error=error)
    return page, (422 if error else 200)


@bp.get("/privacy")
def privacy():
    return render_template("account/privacy.html", next=request.args.get("next"))


@bp.post("/privacy")
def privacy_seen():
    closing.notice_seen(_me(), utcnow())
    db.session.commit()
    return redirect(_safe_next(request.form.get("next")))


@bp.get("/record.json")
def record_json():
    body = json.dumps(
        record.person_record(_me(), utcnow()), ensure_ascii=False, indent=1
    )
    return _download(body.encode("utf-8"), "application/json", "my-record.json")


@bp.get("/record.pdf")
def record_as_pdf():
    body = record_pdf.record_pdf(record.person_record(_me(), utcnow()))
    return _download(body, "application/pdf", "my-record.pdf")


def _download(body: bytes, mimetype: str, name: str) -> Response:
    disposition = f'attachment; filename="{name}"'
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": disposition}
    )


@bp.route("/close", methods=["GET", "POST"])
def close():
    """Close the account (a box to tick: launched workers have no password)."""
    form = CloseForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("account/close.html", form=form), status
    closing.close_account(_me(), utcnow())
    db.session.commit()
    logout_user()
    response = Response(render_template("account/closed.html"))
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@bp.app_context_processor
def _privacy_notice():
    def due() -> bool:
        return bool(
            current_user.is_authenticated
            and current_user.privacy_seen_at is None
            and current_user.has_role(Role.WORKER)
            and request.blueprint != "account"
        )

    return {"privacy_notice_due": due}
