"""The worker's pages: home, a course, a lesson. Server-rendered, phone first."""

from flask import Blueprint

from lms.access import require_roles

bp = Blueprint("learner", __name__)
require_roles(bp)

from lms.learner import credits, quiz, search, views  # noqa: E402, F401
