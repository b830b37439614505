"""The worker's credit hours (我的学时) and course certificates: the page, the PDF
and the Open Badges 3.0 credential. Thin views over `credits` and `certificates`."""

from __future__ import annotations

import segno
from flask import Response, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from lms.errors import Conflict
from lms.extensions import db
from lms.learner import bp
from lms.models.base import utcnow
from lms.services.catalogue import browse as catalogue
from lms.services.credits import certificates, renewals
from lms.services.credits import ledger as credits
from lms.services.credits.certificates_pdf import render_pdf
from lms.services.credits.certificates_png import render_png
from lms.writing import begin_writing

REVOKED = _l("This certificate was revoked: it can no longer be downloaded.")
KINDS = {
    "lesson": _l("Lesson finished"),
    "course": _l("Course bonus"),
    "practical": _l("Hands-on class"),
    "reversal": _l("Correction"),
}


@bp.get("/credits")
def my_credits():
    entries = credits.person_credits(current_user)
    return render_template(
        "learner/credits.html",
        entries=entries,
        total=credits.total_hours(entries),
        completed=certificates.completed_courses(current_user),
        kinds=KINDS,
        local_day=credits.local_day,
    )


def _certificate(course_id: int, valid: bool = False):
    """The worker's certificate; `valid`: only while not revoked (downloads)."""
    begin_writing()  # the first visit issues it
    cert = certificates.certificate_for(current_user, course_id)
    db.session.commit()  # a lazily issued certificate is kept
    if valid and cert.revoked_at is not None:
        raise Conflict(REVOKED, code="certificate_revoked")
    return cert


@bp.get("/courses/<int:course_id>/certificate")
def certificate(course_id: int):
    cert = _certificate(course_id)
    url = certificates.verify_url(cert.id)
    qr = Markup(segno.make(url, error="m").svg_inline(scale=4, title=url))
    return render_template(
        "learner/certificate.html",
        cert=cert,
        completed_on=certificates.completed_on(cert),
        revoked_on=certificates.revoked_on(cert),
        expires_on=certificates.expires_on(cert),
        is_expired=certificates.is_expired(cert, utcnow()),
        refresher_due=renewals.renewable(cert, utcnow()),
        verify_url=url,
        qr_svg=qr,
    )


@bp.post("/courses/<int:course_id>/refresher")
def start_refresher(course_id: int):
    """Open the refresher lessons again and go to the first of them."""
    course = catalogue.get_course(course_id)
    lessons = renewals.start_refresher(current_user, course, utcnow())
    db.session.commit()
    return redirect(url_for("learner.lesson", lesson_id=lessons[0].id))


@bp.get("/courses/<int:course_id>/certificate.pdf")
def certificate_pdf(course_id: int):
    cert = _certificate(course_id, valid=True)
    return _download(render_pdf(cert), "application/pdf", f"certificate-{cert.id}.pdf")


@bp.get("/courses/<int:course_id>/certificate.png")
def certificate_png(course_id: int):
    """The certificate as an image that saves to the phone (for WeChat)."""
    cert = _certificate(course_id, valid=True)
    return _download(render_png(cert), "image/png", f"certificate-{cert.id}.png")


@bp.get("/courses/<int:course_id>/certificate.jwt")
def certificate_badge(course_id: int):
    """The Open Badges 3.0 credential as issued (a VC-JWT, compact serialisation)."""
    cert = _certificate(course_id, valid=True)
    name = f"open-badge-{cert.id}.jwt"
    return _download(cert.credential.encode("ascii"), "application/jwt", name)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
