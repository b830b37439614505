"""Operations endpoints on every node: `/healthz` (the process answers), `/readyz`
(it can serve: 503 naming what failed) and `/metrics` (Prometheus). Public on the app;
the nginx site in deploy/ lets only the internal network reach `/metrics`."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, jsonify

from lms import config
from lms.ops import logs, metrics
from lms.services.ops import health

bp = Blueprint("ops", __name__)


def init_app(app: Flask) -> None:
    logs.init_app(app)
    metrics.init_app(app)
    app.register_blueprint(bp)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    checks = health.readiness(
        current_app.config["LMS_REDIS_URL"],
        Path(current_app.config["LMS_DATA_DIR"]) / "media",
        str(config.PROJECT_ROOT / "migrations"),
    )
    failed = {name: why for name, why in checks.items() if why}
    body = {
        "status": "fail" if failed else "ok",
        "checks": {name: why or "ok" for name, why in checks.items()},
    }
    return jsonify(body), 503 if failed else 200


@bp.get("/metrics")
def metrics_page():
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type)
