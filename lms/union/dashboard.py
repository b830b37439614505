"""The dashboard pages: the action card (who is behind, by station), charts with
their tables, members behind, one member's record (and the phone reveal), and
exports of every table (all scoped by the services)."""

from __future__ import annotations

from flask import Response, render_template, request, stream_with_context
from flask_login import current_user

from lms.extensions import db
from lms.models.base import utcnow
from lms.services.accounts.people import mask_phone
from lms.services.union import dashboards, expiring, exports
from lms.services.union import members as union_members
from lms.services.union.labels import short_labels
from lms.services.union.platforms import PLATFORMS, platform_name
from lms.union import action, bp, params


def _series(rows) -> dict:
    labels = [r.label for r in rows]
    return {
        "ids": [r.key for r in rows],
        "labels": short_labels(labels),
        "names": labels,
        "rates": [round(r.rate * 100, 1) for r in rows],
        "members": [r.members for r in rows],
    }


def _chart_data(children, platforms, courses, trend) -> dict:
    return {
        "orgs": _series(children),
        "platforms": _series(platforms),
        "courses": _series(courses),
        "trend": {
            "labels": [r.label for r in trend],
            "lessons": [r.lessons_done for r in trend],
            "hours": [float(r.credit_hours) for r in trend],
        },
    }


@bp.get("/dashboard")
def dashboard():
    ctx = dashboards.resolve(current_user, params.filters())
    worst = dashboards.worst_first
    children = worst([r for r in dashboards.by_org(ctx) if r.members])
    platforms = worst(dashboards.by_platform(ctx))
    courses = worst(dashboards.by_course(ctx))
    trend = dashboards.trend(ctx)
    stations = worst(dashboards.by_org(ctx, "stations"))[:15]
    return render_template(
        "union/dashboard.html",
        ctx=ctx,
        card=action.card(ctx),
        summary=dashboards.summary(ctx),
        children=children,
        platforms=platforms,
        courses=courses,
        trend=trend,
        stations=stations,
        crumbs=dashboards.breadcrumbs(ctx),
        expiring=expiring.by_station(current_user, utcnow()),
        chart=_chart_data(children, platforms, courses, trend),
        all_courses=dashboards.published_courses(),
        all_platforms=PLATFORMS,
        args=params.query_args,
    )


@bp.get("/behind")
def behind():
    ctx = dashboards.resolve(current_user, params.filters())
    page = params.page()
    rows, total = union_members.page_of(union_members.behind_rows(ctx), page)
    return render_template(
        "union/behind.html",
        ctx=ctx,
        card=action.card(ctx),
        rows=rows,
        total=total,
        page=page,
        threshold=union_members.behind_threshold(ctx),
        page_size=union_members.PAGE_SIZE,
        mask=mask_phone,
        platform_name=platform_name,
        args=params.query_args,
    )


@bp.get("/members/<int:person_id>")
def member(person_id: int):
    record = union_members.record(current_user, person_id)
    return render_template(
        "union/member.html", mask=mask_phone, platform_name=platform_name, **record
    )


@bp.post("/members/<int:person_id>/phone")
def reveal_phone(person_id: int):
    """One tap shows one member's full phone; the reveal goes to the audit log."""
    reason = (request.form.get("reason") or "")[:500]
    phone = union_members.reveal_phone(current_user, person_id, reason)
    db.session.commit()
    if request.accept_mimetypes.best == "application/json":
        return {"phone": phone}
    record = union_members.record(current_user, person_id)
    return render_template(
        "union/member.html",
        mask=mask_phone,
        platform_name=platform_name,
        revealed=phone,
        **record,
    )


@bp.get("/export/<table>.<fmt>")
def export(table: str, fmt: str):
    ctx = dashboards.resolve(current_user, params.filters())
    mimetype, chunks = exports.export(ctx, table, fmt)
    name = exports.filename(ctx, table, fmt)
    return Response(
        stream_with_context(chunks),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
