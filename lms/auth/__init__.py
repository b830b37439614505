"""Signing in and out on the web, the launch from the city app, the language switch."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from lms.auth import setup, views  # noqa: E402, F401
