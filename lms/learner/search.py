"""The learner's search page: the same index as `GET /api/v1/search`, as HTML."""

from __future__ import annotations

from flask import render_template, request

from lms.api.search import MAX_QUERY
from lms.learner import bp
from lms.services.catalogue import search_index


@bp.get("/search")
def search():
    q = request.args.get("q", "").strip()[:MAX_QUERY]
    hits = search_index.search(q) if q else []
    return render_template("learner/search.html", q=q, hits=hits)
