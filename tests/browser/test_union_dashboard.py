"""In Debian's Chromium at tablet size: a union officer opens the dashboard and the
charts are really drawn (pixels on the canvases, not empty boxes)."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from tests.support.union_city import build_city, complete

pytestmark = pytest.mark.browser
TABLET = {"viewport": {"width": 1024, "height": 1366}, "locale": "zh-CN"}


def drawn_pixels(png: bytes) -> int:
    """Pixels that are neither white nor near-white (the chart box's background)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(image.point(lambda v: 255 if v < 235 else 0).histogram()[255:])


def test_officer_sees_drawn_charts(app, db, factory, live_server, browser, tmp_path):
    city = build_city(factory)
    now = datetime.now(UTC)
    for months_ago, lesson in enumerate(city.course.lessons):
        complete(city.worker_a, lesson, now - timedelta(days=40 * months_ago))
    complete(city.worker_b, city.course.lessons[0], now)
    context = browser.new_context(**TABLET)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#phone", city.admin.phone)
    page.fill("#password", "correct horse 42")
    page.click("button[type=submit]")
    page.goto(f"{live_server}/union/dashboard")
    page.wait_for_function("document.documentElement.dataset.chartsDrawn === '4'")
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    for chart in ("#chart-trend", "#chart-orgs", "#chart-platforms", "#chart-courses"):
        box = page.locator(chart)
        assert box.locator("canvas").count() == 1, chart
        assert drawn_pixels(box.screenshot()) > 2000, chart
    page.locator("#chart-orgs").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    context.close()
