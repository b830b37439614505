"""The one place where service errors (`lms.services.errors`) become HTTP answers (HTML
or JSON), and where a JSON request body is read."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from lms.services.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    ServiceError,
    Unauthorized,
)

__all__ = [
    "BadRequest",
    "Conflict",
    "Forbidden",
    "Invalid",
    "NotFound",
    "ServiceError",
    "Unauthorized",
    "error_response",
    "json_object",
    "register",
    "wants_json",
]


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def json_object() -> dict:
    """The request's JSON body, which must be an object; else 400 `invalid_json`
    (learner-api.md: input a client cannot mean is a 400)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest(_l("Send a JSON object."), code="invalid_json")
    return body


def error_response(status: int, code: str, message: str):
    if wants_json():
        body = {"error": {"code": code, "message": str(message)}}
        return jsonify(body), status
    page = render_template("error.html", status=status, message=message)
    return page, status


def _http_code(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def register(app) -> None:
    @app.errorhandler(ServiceError)
    def on_service_error(exc: ServiceError):
        return error_response(exc.status, exc.code, exc.message)

    @app.errorhandler(HTTPException)
    def on_http_error(exc: HTTPException):
        if exc.code and exc.code < 400:
            return exc
        message = HTTP_MESSAGES.get(exc.code, exc.description)
        body, status = error_response(exc.code or 500, _http_code(exc), message)
        allow = [v for k, v in exc.get_headers() if k == "Allow"]
        return body, status, {"Allow": allow[0]} if allow else {}


HTTP_MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please sign in."),
    403: _l("You are not allowed to do this."),
    404: _l("This page does not exist."),
    405: _l("This action is not allowed here."),
    413: _l("The upload is too large."),
    429: _l("Too many attempts. Please wait a moment and try again."),
    500: _l("Something went wrong on our side. Please try again later."),
}
