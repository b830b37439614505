"""The signed-in person's own account: password, privacy notice, their record (一人一档)
to download, closing the account. Any signed-in person; each sees only their own."""

from flask import Blueprint

from lms.access import require_roles

bp = Blueprint("account", __name__, url_prefix="/account")
require_roles(bp)

from lms.account import views  # noqa: E402, F401
