"""`GET /credits/feed`: the points platform pulls the ledger (not a learner endpoint:
it is public on the blueprint and checks LMS_POINTS_PULL_TOKEN itself)."""

from flask import current_app, jsonify, request

from lms.access import bearer_token
from lms.api import bp
from lms.services.points import feed as points_feed


@bp.get("/credits/feed")
def credits_feed():
    points_feed.authorise_pull(
        current_app.config.get("LMS_POINTS_PULL_TOKEN"), bearer_token()
    )
    after, limit = points_feed.page_args(request.args)
    return jsonify(points_feed.feed_page(after, limit))
