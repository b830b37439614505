"""Service errors and the one place where they become HTTP answers (HTML or JSON)."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException


class ServiceError(Exception):
    """A use case refused; `code` is snake_case, `message` is shown to the user."""

    status = 400
    code = "bad_request"

    def __init__(self, message=None, *, code: str | None = None, details=None):
        super().__init__(str(message or self.default_message))
        self.message = message or self.default_message
        self.code = code or self.code
        self.details = details

    default_message = _l("The request could not be processed.")


class Invalid(ServiceError):
    status = 422
    code = "invalid"
    default_message = _l("Some of the input is not valid.")


class Unauthorized(ServiceError):
    status = 401
    code = "unauthorized"
    default_message = _l("Please sign in.")


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"
    default_message = _l("You are not allowed to do this.")


class NotFound(ServiceError):
    status = 404
    code = "not_found"
    default_message = _l("Not found.")


class Conflict(ServiceError):
    status = 409
    code = "conflict"
    default_message = _l("This has already been done.")


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


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
