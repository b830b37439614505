"""Choosing the interface language: Simplified Chinese unless English is asked for."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

SUPPORTED = {"zh_CN": "zh-CN", "en": "en"}


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in SUPPORTED:
        return chosen
    if (
        getattr(current_user, "is_authenticated", False)
        and current_user.locale in SUPPORTED
    ):
        return current_user.locale
    best = request.accept_languages.best_match(["zh_CN", "zh", "en"], default="zh_CN")
    return "en" if best == "en" else current_app.config["BABEL_DEFAULT_LOCALE"]


def html_lang() -> str:
    """The BCP 47 tag for the page's `lang` attribute."""
    return SUPPORTED.get(str(get_locale()), "zh-CN")


def init_app(app: Flask) -> None:
    app.jinja_env.globals["html_lang"] = html_lang
    app.jinja_env.globals["languages"] = SUPPORTED
