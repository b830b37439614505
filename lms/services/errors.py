"""The errors a use case raises when it refuses: a status, a snake_case code and a
message for the user. No Flask here; `lms.errors` turns them into HTTP answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


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


class BadRequest(ServiceError):
    """Input that cannot be understood at all (malformed, wrong shape): 400."""

    status = 400
    code = "bad_request"
    default_message = _l("The request could not be understood.")


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
