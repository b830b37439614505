"""Helpers for the phone browser tests: sign in, wait for the service worker, the queue."""

from __future__ import annotations

import time

from tests.support.factories import PASSWORD


def sign_in(page, base: str, person) -> None:
    page.goto(f"{base}/login")
    page.fill("#phone", person.phone)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    # each role lands on its own home: workers at /, trainers in the studio, ...
    page.wait_for_url(lambda url: url.startswith(base) and "/login" not in url)


def controlled(page) -> None:
    """Wait until the service worker controls the page (it claims open pages)."""
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def queued(page) -> int:
    return page.evaluate("RA.queued()")


def wait_for_queue(page, count: int, timeout_s: float = 10.0) -> None:
    """Wait until the IndexedDB progress queue holds `count` items."""
    deadline = time.monotonic() + timeout_s
    while (now := queued(page)) != count:
        assert time.monotonic() < deadline, f"{now} queued, not {count}"
        page.wait_for_timeout(100)


def small_targets(page, scope: str = "body") -> list[str]:
    """Visible links, buttons and inputs (with their label) under 44 px high; inline
    links in the guide text are exempt, as WCAG 2.5.8 allows."""
    return page.evaluate(
        """scope => Array.from(document.querySelectorAll(
            scope + ' a, ' + scope + ' button, ' + scope + ' input:not([type=hidden])'))
          .filter(el => !el.closest('.guide') && el.offsetParent !== null)
          .map(el => el.closest('label') || el)  // a label is its input's target
          .filter(el => el.getBoundingClientRect().height < 44)
          .map(el => el.outerHTML.slice(0, 80))""",
        scope,
    )
