"""In Debian's Chromium at 360x640: the demo worker signs in and opens a lesson."""

import pytest

from lms.models import Person
from lms.services.seed.demo import ensure_demo

pytestmark = pytest.mark.browser


def demo_worker_password(app, db) -> tuple[str, str]:
    from pathlib import Path

    lines = ensure_demo(Path(app.config["LMS_DATA_DIR"]) / "demo-accounts.txt")
    db.session.commit()
    worker = db.session.scalar(
        db.select(Person).where(Person.person_id == "demo-worker")
    )
    line = next(x for x in lines if worker.phone in x)
    return worker.phone, line.rsplit("password ", 1)[1].strip()


def test_demo_worker_signs_in_and_opens_a_lesson(
    app, db, factory, sample_course_dir, live_server, phone
):
    course = factory.course(sample_course_dir)
    mobile, password = demo_worker_password(app, db)
    page = phone.new_page()
    page.goto(f"{live_server}/")
    page.fill("#phone", mobile)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.click(f"text={course.title}")
    page.click("text=雨天骑行三要点")
    page.wait_for_selector(".guide h2")
    assert page.locator(".guide h2").first.inner_text() == "减速慢行"
    image = page.locator(".guide img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing overflows a phone screen
