"""The shipped library on a phone: one lesson of each course, from the course list to its
illustrated guide (pictures drawn, sources cited) and the first question of its quiz."""

from pathlib import Path

import pytest

from courses.quality import LARGE_TEXT_COLUMN_PX, PHONE_COLUMN_PX
from lms.models import Role
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser
LIBRARY = Path(__file__).resolve().parents[2] / "courses" / "content"


@pytest.fixture
def library(factory):
    return [factory.course(folder) for folder in sorted(LIBRARY.glob("*-101"))]


def test_one_lesson_of_each_course_on_a_phone(library, factory, live_server, phone):
    assert {c.topic for c in library} == {"first_aid", "mediation", "fire_safety"}
    worker = factory.person(Role.WORKER)
    page = phone.new_page()
    page.goto(f"{live_server}/")
    page.fill("#phone", worker.phone)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    for course in library:
        lesson = course.lessons[0]
        page.goto(f"{live_server}/")
        page.locator("a.course-link", has_text=course.title).first.click()
        page.get_by_text(lesson.title, exact=True).first.click()
        page.wait_for_selector(".guide h2")
        walk_guide(page)
        page.get_by_role("link", name="参加测验").click()
        page.get_by_role("button", name="开始测验").click()
        first = page.locator("fieldset.question").first
        first.wait_for()
        assert first.locator(".prompt").inner_text().strip()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360


def walk_guide(page, column_px: int = PHONE_COLUMN_PX) -> None:
    images = page.locator(".guide img")
    assert images.count() >= 1
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        assert image.get_attribute("alt")
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
        # `courses check` sizes picture text for this column (courses.quality)
        assert round(image.bounding_box()["width"]) == column_px
    assert page.locator(".guide .sources li").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_every_lesson_guide_reads_on_a_phone(library, factory, live_server, phone):
    """All lessons of the second edition in large text, the narrowest column `courses
    check` sizes picture text for: pictures at that width, no sideways scroll."""
    worker = factory.person(Role.WORKER)
    phone.add_cookies([{"name": "ra_text", "value": "large", "url": live_server}])
    page = phone.new_page()
    page.goto(f"{live_server}/")
    page.fill("#phone", worker.phone)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    shots = Path("/tmp/shots/content")
    shots.mkdir(parents=True, exist_ok=True)
    walked = 0
    for course in library:
        for lesson in course.lessons:
            page.goto(f"{live_server}/lessons/{lesson.id}")
            page.wait_for_selector(".guide h2")
            walk_guide(page, LARGE_TEXT_COLUMN_PX)
            assert page.locator(".guide h2").first.inner_text().strip()
            page.screenshot(path=str(shots / f"{course.code}-{lesson.code}.png"))
            walked += 1
    assert walked == sum(len(c.lessons) for c in library) == 23
