"""The dashboard pages: overview with charts, members behind, one member's record,
and exports of every table (all scoped by the services)."""

from __future__ import annotations

from flask import Response, render_template, stream_with_context
from flask_login import current_user

from lms.models.base import utcnow
from lms.services.accounts.people import mask_phone
from lms.services.union import dashboards, expiring, exports
from lms.services.union import members as union_members
from lms.services.union.platforms import PLATFORMS, platform_name
from lms.union import bp, params


def _chart_data(ctx, children, platforms, courses, trend) -> dict:
    def pct(rows):
        return [round(r.rate * 100, 1) for r in rows]

    return {
        "orgs": {
            "ids": [r.key for r in children],
            "labels": [r.label for r in children],
            "rates": pct(children),
            "hours": [float(r.credit_hours) for r in children],
        },
        "platforms": {
            "labels": [r.label for r in platforms],
            "members": [r.members for r in platforms],
            "rates": pct(platforms),
        },
        "courses": {"labels": [r.label for r in courses], "rates": pct(courses)},
        "trend": {
            "labels": [r.label for r in trend],
            "lessons": [r.lessons_done for r in trend],
            "hours": [float(r.credit_hours) for r in trend],
        },
    }


@bp.get("/dashboard")
def dashboard():
    ctx = dashboards.resolve(current_user, params.filters())
    children = dashboards.by_org(ctx)
    platforms, courses = dashboards.by_platform(ctx), dashboards.by_course(ctx)
    trend = dashboards.trend(ctx)
    stations = sorted(dashboards.by_org(ctx, "stations"), key=lambda r: r.rate)[:15]
    behind, behind_total = union_members.page_of(union_members.behind_rows(ctx), 1)
    return render_template(
        "union/dashboard.html",
        ctx=ctx,
        summary=dashboards.summary(ctx),
        children=children,
        platforms=platforms,
        courses=courses,
        trend=trend,
        stations=stations,
        behind=behind[:10],
        behind_total=behind_total,
        crumbs=dashboards.breadcrumbs(ctx),
        expiring=expiring.by_station(current_user, utcnow()),
        chart=_chart_data(ctx, children, platforms, courses, trend),
        all_courses=dashboards.published_courses(),
        all_platforms=PLATFORMS,
        mask=mask_phone,
        platform_name=platform_name,
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
