"""CSRF tokens masked afresh in every response (against BREACH): a page may be
gzipped and reflect input, yet no byte run of the token repeats between responses.
A masked token is base64(pad + token XOR pad) with a random pad; the check unmasks
what the form or the X-CSRFToken header sends, then Flask-WTF verifies it as usual.
"""

from __future__ import annotations

import base64
import binascii
import secrets

from flask import Flask
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect, _FlaskFormCSRF, generate_csrf

PREFIX = "m."


def mask(token: str) -> str:
    raw = token.encode()
    pad = secrets.token_bytes(len(raw))
    mixed = bytes(a ^ b for a, b in zip(raw, pad, strict=True))
    return PREFIX + base64.urlsafe_b64encode(pad + mixed).decode()


def unmask(value: str | None) -> str | None:
    """The token inside a masked value; an unmasked value is returned as it is."""
    if not value or not value.startswith(PREFIX):
        return value
    try:
        data = base64.urlsafe_b64decode(value[len(PREFIX) :].encode())
    except (binascii.Error, ValueError):
        return None
    half = len(data) // 2
    if not half or len(data) % 2:
        return None
    pad, mixed = data[:half], data[half:]
    return bytes(a ^ b for a, b in zip(mixed, pad, strict=True)).decode("latin-1")


def masked_csrf_token(*args, **kwargs) -> str:
    return mask(generate_csrf(*args, **kwargs))


class MaskedCSRFProtect(CSRFProtect):
    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        app.jinja_env.globals["csrf_token"] = masked_csrf_token
        app.context_processor(lambda: {"csrf_token": masked_csrf_token})
        FlaskForm.Meta.csrf_class = _MaskedFormCSRF

    def _get_csrf_token(self):
        return unmask(super()._get_csrf_token())


class _MaskedFormCSRF(_FlaskFormCSRF):
    """Form fields render a masked token (checked by `MaskedCSRFProtect`)."""

    def generate_csrf_token(self, csrf_token_field):
        return mask(super().generate_csrf_token(csrf_token_field))
