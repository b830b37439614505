"""The credits export page for administrators: queue counts, the pusher's alert (and
"resume"), held entries (and "release"), the reversal form, and the same for the
xAPI statements (the other channel of the outbox)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.admin import bp, credit_reversal
from lms.errors import ServiceError
from lms.extensions import db
from lms.models.base import utcnow
from lms.services.credits import ledger as credits
from lms.services.points import outbox as points_outbox
from lms.services.points import pusher as points_pusher
from lms.services.xapi import record as xapi


@bp.get("/credits")
def credits_export():
    return render_template(
        "admin/credits.html",
        counts=points_outbox.counts(),
        pusher=points_pusher.current(),
        push_on=bool(current_app.config.get("LMS_POINTS_URL")),
        held=points_outbox.held_entries(),
        batches=points_outbox.recent_batches(),
        xapi_on=xapi.is_on(),
        xapi_counts=xapi.counts(),
        xapi_state=xapi.channel_state(),
    )


@bp.post("/credits/release")
def release_credit():
    points_outbox.release_held(current_user, request.form.get("entry_id", ""), utcnow())
    db.session.commit()
    flash(_l("The entry is queued again and goes out with the next push."))
    return redirect(url_for("admin.credits_export"))


@bp.post("/credits/resume")
def resume_push():
    points_pusher.resume(current_user, utcnow())
    db.session.commit()
    flash(_l("Pushing resumes with the next run."))
    return redirect(url_for("admin.credits_export"))


@bp.post("/credits/reverse")
def reverse_credit():
    form = request.form
    try:
        credits.reverse_entry(
            current_user,
            form.get("entry_id", "").strip(),
            form.get("reason", ""),
            utcnow(),
        )
    except ServiceError as exc:  # the confirmation again, with what is wrong
        db.session.rollback()
        entry = credit_reversal.entry_or_none(form.get("entry_id", ""))
        return credit_reversal.confirm_page(
            entry, exc.message, form.get("reason", ""), exc.status
        )
    db.session.commit()
    flash(
        _l(
            "The reversal is in the ledger and queued for the points platform; "
            "the holder's certificate for the course, if any, is revoked."
        )
    )
    return redirect(url_for("admin.credits_export"))


@bp.post("/credits/xapi/resume")
def resume_xapi():
    xapi.resume(current_user, utcnow())
    db.session.commit()
    flash(_l("Sending resumes with the next run."))
    return redirect(url_for("admin.credits_export"))


@bp.post("/credits/xapi/release")
def release_xapi():
    count = xapi.release_held(actor=current_user)
    db.session.commit()
    flash(_l("%(count)s held statements are queued again.", count=count))
    return redirect(url_for("admin.credits_export"))
