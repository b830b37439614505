"""The action card: how many members are behind and where, worst station first, with
one tap to remind a station's behind members (the officer's text, previewed) and the
station's list with full phone numbers for its station master (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from flask import Response, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.errors import NotFound
from lms.extensions import db
from lms.models.base import utcnow
from lms.services.union import (
    behind,
    campaigns,
    dashboards,
    exports,
    notifications,
    reach,
    reminders,
)
from lms.union import bp, params
from lms.writing import begin_writing


@dataclass
class Card:
    basis: behind.Basis
    stations: list  # those with members behind, worst first
    members: int  # everyone the basis concerns in the selection
    template: str
    sample: str
    campaigns: list  # the running campaigns the officer may switch to

    @property
    def total(self) -> int:
        return sum(s.behind for s in self.stations)


def campaign_arg() -> int | None:
    return request.values.get("campaign", type=int)


def card(ctx: dashboards.Context) -> Card:
    now = utcnow()
    basis = behind.basis_for(ctx, now, campaign_arg())
    rows = behind.by_station(ctx, basis)
    template = reminders.default_template(basis)
    return Card(
        basis,
        [s for s in rows if s.behind],
        sum(s.members for s in rows),
        template,
        sample(template, basis),
        campaigns.active_campaigns(ctx.actor, now),
    )


def sample(template: str, basis: behind.Basis) -> str:
    """The reminder as a made-up member would read it (the preview)."""
    lesson = next((x for c in basis.courses for x in c.lessons), None)
    person = SimpleNamespace(name="王小明")
    member = behind.BehindMember(person, 2, 6, lesson)
    return reminders.fill(template, member, basis)


def _station_members(org_id: int | None):
    """(station, basis, its members behind) for the page's filters; NotFound for a
    station outside the actor's scope or the selection."""
    if org_id is None:
        raise NotFound()
    ctx = dashboards.resolve(current_user, params.filters())
    basis = behind.basis_for(ctx, utcnow(), campaign_arg())
    station = reach.get_org(current_user, org_id)
    return station, basis, behind.station_members(ctx, basis, station.id)


@bp.post("/remind")
def remind_station():
    """一键提醒: the behind members of one station, with the officer's text."""
    _station, basis, members = _station_members(request.form.get("station", type=int))
    text = request.form.get("text") or reminders.default_template(basis)
    sent = notifications.remind(members, basis, text, utcnow())
    db.session.commit()
    flash(
        _l(
            "%(sent)s of %(n)s members behind reminded (each at most once a day; "
            "SMS wait for the end of quiet hours).",
            sent=sent,
            n=len(members),
        )
    )
    args = params.query_args(campaign=request.form.get("campaign") or None)
    return redirect(url_for("union.dashboard", **args))


@bp.get("/stations/<int:org_id>/behind.<fmt>")
def station_export(org_id: int, fmt: str):
    """导出给站长: the station's members behind with full phone numbers (audited)."""
    org, _basis, members = _station_members(org_id)
    reason = (request.args.get("reason") or "")[:500]
    begin_writing()  # the export of full numbers is audited
    mimetype, chunks = exports.export_station(current_user, members, org, fmt, reason)
    db.session.commit()
    return Response(
        b"".join(chunks),
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{org.code}-behind.{fmt}"'
        },
    )
