"""`GET /api/v1/openapi.json`: the OpenAPI 3 document kept beside this module."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from flask import jsonify

from lms.api import bp

DOCUMENT = Path(__file__).with_name("openapi.yaml")


@cache
def document() -> dict:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
