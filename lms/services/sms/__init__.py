"""SMS: the one way text messages leave (`gateway().send(phone, text)`), with the
backend chosen by `LMS_SMS_BACKEND` ("log", the default, writes them to the log).

May import: no domain (shared helpers only: phones, to mask numbers in the log).
"""

from __future__ import annotations

import logging

from flask import current_app

from lms.services.phones import mask_phone

log = logging.getLogger("lms.sms")


class LogGateway:
    """The default SMS backend: writes the message to the log (no provider needed)."""

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", mask_phone(phone), text)  # logs hold no numbers


GATEWAYS = {"log": LogGateway}


def gateway():
    return GATEWAYS[current_app.config.get("LMS_SMS_BACKEND") or "log"]()
