"""The web shell: `create_app()` wires config, extensions, blueprints, errors and CLI."""

from __future__ import annotations

from flask import Flask

from lms import config, errors, i18n
from lms.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(config.load())
    app.config.update(overrides or {})
    _init_extensions(app)
    _register_blueprints(app)
    errors.register(app)
    from lms import cli

    cli.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    from lms import access, db_setup

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
    _trust_proxies(app)


def _trust_proxies(app: Flask) -> None:
    """Behind nginx (LMS_PROXY_HOPS=1): the client's address and scheme come from the
    X-Forwarded-* headers the proxy sets, so rate limits count real clients."""
    hops = app.config["LMS_PROXY_HOPS"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _register_blueprints(app: Flask) -> None:
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
    app.register_blueprint(verify_bp)  # public: no access rule
    from lms.learner.pwa import bp as pwa_bp

    app.register_blueprint(pwa_bp)  # public: manifest, service worker, offline page
