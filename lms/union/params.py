"""Reading the dashboards' filters from the query string (the views' only parsing)."""

from __future__ import annotations

from datetime import date

from flask import request

from lms.services.union.dashboards import Filters


def _month(raw: str | None) -> date | None:
    try:
        year, month = (raw or "").split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def filters() -> Filters:
    args = request.args
    return Filters(
        org_id=args.get("org", type=int),
        platform=args.get("platform") or None,
        course_id=args.get("course", type=int),
        month_from=_month(args.get("from")),
        month_to=_month(args.get("to")),
    )


def page() -> int:
    return max(request.args.get("page", 1, type=int), 1)


def query_args(**changes) -> dict:
    """The current filters with `changes` applied (None removes one), for links."""
    args = {k: v for k, v in request.args.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return args
