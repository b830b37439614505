"""`GET /api/v1/search?q=`: courses and lessons by Chinese words or pinyin."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import lazy_gettext as _l

from lms.api import bp
from lms.errors import BadRequest
from lms.services.catalogue import search_index

MAX_QUERY = 100  # characters; a search box, not a document
MAX_LIMIT = 50


def search_args() -> tuple[str, int]:
    """The query text and result limit from the query string (400 when unusable)."""
    q = request.args.get("q", "")
    if len(q) > MAX_QUERY:
        raise _bad(_l("The search text may be at most %(n)s characters.", n=MAX_QUERY))
    raw = request.args.get("limit", "20")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise _bad(_l("limit must be a whole number from 1 to %(n)s.", n=MAX_LIMIT))
    return q.strip(), int(raw)


def _bad(message) -> BadRequest:
    return BadRequest(message, code="invalid_query")


def hit_json(hit) -> dict:
    body = {"kind": hit.kind, "id": hit.id, "title": hit.title}
    body["snippet_html"] = hit.snippet_html
    body["course_id"] = hit.course_id
    return body


@bp.get("/search")
def search():
    q, limit = search_args()
    hits = search_index.search(q, limit) if q else []
    return jsonify({"results": [hit_json(h) for h in hits]})
