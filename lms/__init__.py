"""The web shell: `create_app()` wires config, extensions, the domains' subscriptions,
blueprints, errors and CLI."""

from __future__ import annotations

from flask import Flask

from lms import config, errors, i18n
from lms.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(config.load())
    app.config.update(overrides or {})
    _init_extensions(app)
    from lms import subscriptions

    subscriptions.connect()
    _register_blueprints(app)
    errors.register(app)
    from lms import cli

    cli.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    from lms import access, db_setup, headers, limits

    headers.init_app(app)
    limits.init_app(app)
    db.init_app(app)
    db_setup.configure(app)
    migrate.init_app(app, db, directory=str(config.PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    access.init_app(app, login_manager)
    from lms import compress
    from lms.services.catalogue import search_index

    compress.init_app(app)
    search_index.init_app(app)
    from lms import ops

    ops.init_app(app)
    from lms import static_files

    static_files.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from lms.account import bp as account_bp
    from lms.admin import bp as admin_bp
    from lms.api import bp as api_bp
    from lms.auth import bp as auth_bp
    from lms.files import bp as files_bp
    from lms.learner import bp as learner_bp
    from lms.studio import bp as studio_bp
    from lms.union import bp as union_bp
    from lms.verify import bp as verify_bp

    for bp in (auth_bp, learner_bp, api_bp, files_bp, studio_bp, union_bp, admin_bp):
        app.register_blueprint(bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(verify_bp)  # public: no access rule
    from lms.classes import bp as classes_bp
    from lms.classes import reports, run

    for bp in (classes_bp, run.bp, reports.bp):  # station classes (issue 19)
        app.register_blueprint(bp)
    from lms.learner.pwa import bp as pwa_bp

    app.register_blueprint(pwa_bp)  # public: manifest, service worker, offline page
