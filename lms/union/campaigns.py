"""Campaign pages: the list and the form, one campaign's progress, reminders, export."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.extensions import db
from lms.models import Person
from lms.models.base import utcnow
from lms.services.accounts.people import mask_phone
from lms.services.union import (
    behind,
    campaigns,
    dashboards,
    exports,
    notifications,
    reminders,
)
from lms.services.union import members as union_members
from lms.services.union import reach as union_scope
from lms.services.union.platforms import PLATFORMS, platform_name
from lms.union import action, bp, params
from lms.union.forms import CampaignForm


def _form() -> CampaignForm:
    form = CampaignForm()
    form.courses.choices = [(c.id, c.title) for c in dashboards.published_courses()]
    form.organisations.choices = [
        (o.id, f"{o.name}（{o.code}）")
        for o in union_scope.scoped_org_choices(current_user)
    ]
    form.platforms.choices = [(c, str(n)) for c, n in PLATFORMS.items()]
    return form


def _utc(local):
    return local.replace(
        tzinfo=ZoneInfo(current_app.config["LMS_TIMEZONE"])
    ).astimezone(UTC)


@bp.route("/campaigns", methods=["GET", "POST"])
def campaign_list():
    form = _form()
    if form.validate_on_submit():
        campaign = campaigns.create_campaign(
            current_user,
            form.title.data,
            form.courses.data,
            form.organisations.data,
            form.platforms.data,
            _utc(form.starts_at.data),
            _utc(form.deadline_at.data),
        )
        db.session.commit()
        return redirect(url_for("union.campaign", campaign_id=campaign.id))
    rows = db.session.scalars(campaigns.visible_campaigns(current_user)).all()
    return render_template("union/campaigns.html", campaigns=rows, form=form)


@bp.get("/campaigns/<int:campaign_id>")
def campaign(campaign_id: int):
    chosen = campaigns.get_campaign(current_user, campaign_id)
    page = params.page()
    rows, total = union_members.page_of(
        campaigns.unfinished(current_user, chosen).order_by(Person.name, Person.id),
        page,
    )
    basis = behind.Basis(behind.CAMPAIGN, behind.campaign_courses(chosen), chosen)
    template = reminders.default_template(basis)
    return render_template(
        "union/campaign.html",
        basis=basis,
        template=template,
        sample=action.sample(template, basis),
        campaign=chosen,
        progress=campaigns.progress(current_user, chosen),
        unfinished=[r[0] for r in rows],
        total=total,
        page=page,
        page_size=union_members.PAGE_SIZE,
        mask=mask_phone,
        platform_name=platform_name,
    )


@bp.post("/campaigns/<int:campaign_id>/remind")
def remind(campaign_id: int):
    chosen = campaigns.get_campaign(current_user, campaign_id)
    text = request.form.get("text") or None
    sent = notifications.send_reminders(current_user, chosen, utcnow(), text)
    db.session.commit()
    flash(
        _l(
            "%(n)s members reminded (each at most once a day; SMS wait for the end of quiet hours).",
            n=sent,
        )
    )
    return redirect(url_for("union.campaign", campaign_id=chosen.id))


@bp.get("/campaigns/<int:campaign_id>/export.<fmt>")
def campaign_export(campaign_id: int, fmt: str):
    chosen = campaigns.get_campaign(current_user, campaign_id)
    mimetype, chunks = exports.export_campaign(current_user, chosen, fmt)
    return Response(
        stream_with_context(chunks),
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="campaign-{chosen.id}.{fmt}"'
        },
    )
