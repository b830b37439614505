"""Reading the dashboards' filters from the query string (the views' only parsing)."""

from __future__ import annotations

from datetime import date

from flask import request

from lms.limits import MAX_ID
from lms.services.union.dashboards import Filters

MAX_PAGE = 100_000


def _month(raw: str | None) -> date | None:
    try:
        year, month = (raw or "").split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def _id(raw: str | None) -> int | None:
    """An id as the database can hold it; anything else is no filter (0 matches none)."""
    if raw is None or raw == "":
        return None
    return int(raw) if raw.isdigit() and int(raw) <= MAX_ID else 0


def filters() -> Filters:
    args = request.args
    return Filters(
        org_id=_id(args.get("org")),
        platform=args.get("platform") or None,
        course_id=_id(args.get("course")),
        month_from=_month(args.get("from")),
        month_to=_month(args.get("to")),
    )


def page() -> int:
    raw = request.args.get("page", "1")
    return (
        min(int(raw), MAX_PAGE) if raw.isdigit() and len(raw) < 9 and raw != "0" else 1
    )


def query_args(**changes) -> dict:
    """The current filters with `changes` applied (None removes one), for links."""
    args = {k: v for k, v in request.args.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return args
