"""The pull feed of the points contract: ledger entries after a `seq`, in `seq` order,
for the receiver holding LMS_POINTS_PULL_TOKEN."""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.extensions import db
from lms.models import CreditEntry
from lms.services.errors import NotFound, ServiceError, Unauthorized

MAX_LIMIT = 500
DEFAULT_LIMIT = 100


def authorise_pull(configured: str | None, presented: str | None) -> None:
    """Unset token: the feed does not exist (404). Wrong or missing: 401. The
    comparison takes the same time wherever the strings differ."""
    if not configured:
        raise NotFound()
    if not presented or not hmac.compare_digest(
        presented.encode(), configured.encode()
    ):
        raise Unauthorized(_l("A valid feed token is required."), code="bad_token")


def _whole(args: Mapping[str, str], name: str, default: int, low: int, high: int):
    raw = args.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise ServiceError(
            _l(
                "%(name)s must be a whole number from %(low)s to %(high)s.",
                name=name,
                low=low,
                high=high,
            ),
            code="bad_parameter",
        )
    return int(raw)


def page_args(args: Mapping[str, str]) -> tuple[int, int]:
    """`after` (a seq, default 0) and `limit` (1..500, default 100) from a query."""
    after = _whole(args, "after", 0, 0, 2**63 - 1)
    return after, _whole(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)


def feed_page(after: int, limit: int) -> dict:
    """The contract's answer: entries with seq > after, and where to continue."""
    entries = db.session.scalars(
        select(CreditEntry)
        .where(CreditEntry.seq > after)
        .order_by(CreditEntry.seq)
        .limit(limit)
    ).all()
    return {
        "credits": [e.as_contract() for e in entries],
        "next_after": entries[-1].seq if entries else after,
    }
