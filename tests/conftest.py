"""Shared fixtures: the app on SQLite and on PostgreSQL, clients, factories, a live server.

Every test that uses `app` runs twice, once per database. The schema comes from the real
migrations: built once per run (a template file for SQLite, a private schema on
PostgreSQL), then reset before each test.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient

_DATA = tempfile.mkdtemp(prefix="lms-test-")
os.environ.setdefault("LMS_DATA_DIR", _DATA)  # before lms is imported anywhere
os.environ.pop("LMS_DATABASE_URL", None)
os.environ.pop("LMS_REDIS_URL", None)

from tests.support import databases  # noqa: E402

PG_URL = os.environ.get("LMS_TEST_PG_URL", "postgresql+psycopg://127.0.0.1:5432/test")
LAUNCH_SECRET = "test-launch-secret-0123456789abcdef"


def base_config(data_dir: Path, url: str) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "LMS_DATA_DIR": str(data_dir),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "LMS_LAUNCH_SECRET": LAUNCH_SECRET,
        "SERVER_NAME": None,
        # Playwright's wait_for_function() evaluates with eval(); the production
        # policy is checked in tests/security/test_headers.py.
        "LMS_CSP_ALLOW_EVAL": True,
    }


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database(request, tmp_path_factory):
    """A migrated database for this run; `.fresh(tmp_path)` gives a clean one per test."""
    folder = tmp_path_factory.mktemp(f"db-{request.param}")
    if request.param == "sqlite":
        db = databases.SqliteTemplate(folder)
    else:
        db = databases.PostgresSchema(PG_URL, f"t_{uuid.uuid4().hex[:10]}", folder)
    db.build(base_config)
    yield db
    db.drop()


@pytest.fixture
def app(database, tmp_path, request):
    from lms import create_app

    url = database.fresh(tmp_path)
    overrides = base_config(tmp_path, url)
    for marker in request.node.iter_markers("app_config"):
        overrides.update(marker.kwargs)
    app = create_app(overrides)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        from lms.extensions import db

        db.session.remove()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (own `g`, own DB session), as in production.
    The test's own session commits first (ending its transaction, which on SQLite holds
    the write lock) and is expired afterwards, so it reads what the request committed."""

    def open(self, *args, **kwargs):
        from lms.extensions import db

        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def db(app):
    from lms.extensions import db

    return db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factory(app):
    from tests.support.factories import Factory

    return Factory(app)


@pytest.fixture
def sample_course_dir(tmp_path) -> Path:
    """A writable copy of the small test course."""
    target = tmp_path / "sample-101"
    shutil.copytree(Path(__file__).parent / "data" / "courses" / "sample-101", target)
    return target


@pytest.fixture(scope="session")
def browser():
    from tests.support.live import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture
def live_server(app):
    from tests.support.live import serve

    with serve(app) as url:
        yield url


@pytest.fixture
def phone(browser):
    """A fresh browser context the size of a cheap Android phone, in Chinese."""
    from tests.support.live import PHONE

    context = browser.new_context(**PHONE)
    yield context
    context.close()
