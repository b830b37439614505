"""The Flask extensions, created unbound here and initialised in `create_app`."""

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from lms.csrf_mask import MaskedCSRFProtect
from lms.models.base import Base, render_item

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True, render_item=render_item)
login_manager = LoginManager()
csrf = MaskedCSRFProtect()  # tokens masked per response (BREACH)
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

# Views Flask-Limiter skips outright: the watching heartbeat (every 15 s per watcher,
# about 1,000 calls a second at a city's lunch break) is authenticated and has no limit.
UNLIMITED = {"api.record_progress"}


@limiter.request_filter
def _unlimited() -> bool:
    return request.endpoint in UNLIMITED
