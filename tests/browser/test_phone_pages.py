"""In Debian's Chromium at 360x640: resuming on another phone, a lesson within two
taps, thumb-sized targets, larger text, search (Chinese, pinyin, initials), English."""

import pytest

from lms.models import Role
from tests.support.live import PHONE
from tests.support.phone import controlled, sign_in, small_targets, wait_for_queue
from tests.support.video_kit import publish, video_clips  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
PLAYER = "document.getElementById('player')"


def test_two_taps_to_a_lesson_and_resume_on_another_phone(
    factory,
    sample_course_dir,
    live_server,
    browser,
    phone,
    video_clips,  # noqa: F811
):
    course = factory.course(sample_course_dir)
    lesson = course.lessons[1]
    assert publish(lesson, video_clips.get("six-seconds.mp4")).state == "done"
    worker = factory.person(Role.WORKER)
    page = phone.new_page()
    sign_in(page, live_server, worker)
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert small_targets(page) == []
    page.locator("a.course-link", has_text=course.title).click()  # tap 1
    page.click(f"text={lesson.title}")  # tap 2: it plays
    page.wait_for_url(f"{live_server}/lessons/{lesson.id}#play")
    page.wait_for_function(f"{PLAYER}.currentTime >= 2.2")
    page.evaluate(f"{PLAYER}.pause()")  # the break is over
    controlled(page)
    wait_for_queue(page, 0)
    assert small_targets(page) == []

    other = browser.new_context(**PHONE)  # the worker's second phone
    try:
        page2 = other.new_page()
        sign_in(page2, live_server, worker)
        resume = page2.locator(".continue a")
        assert resume.inner_text() == f"▶ {lesson.title}"
        assert "从 0:02 继续" in page2.locator(".continue").inner_text()
        resume.click()  # one tap: plays from where the other phone stopped
        page2.wait_for_url(f"{live_server}/lessons/{lesson.id}#play")
        page2.wait_for_function(f"!{PLAYER}.paused && {PLAYER}.played.length > 0")
        assert page2.evaluate(f"{PLAYER}.played.start(0)") >= 2.0
        assert page2.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        other.close()

    page.click("text=大字模式")  # larger text, kept for every page
    page.wait_for_selector("html.large-text")
    page.goto(f"{live_server}/")
    size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert size == "21px" and page.locator("html.large-text").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_search_by_chinese_pinyin_and_initials_and_in_english(
    factory, sample_course_dir, live_server, browser, phone
):
    course = factory.course(sample_course_dir)
    worker = factory.person(Role.WORKER)
    page = phone.new_page()
    sign_in(page, live_server, worker)
    for query in ("积水", "yutianqixing", "ytqx"):
        page.fill("input[type=search]", query)
        with page.expect_navigation():
            page.press("input[type=search]", "Enter")
        found = page.locator(".results .title").all_inner_texts()
        assert "雨天骑行三要点" in found, (query, found)
    assert "<mark>积水</mark>" in page.evaluate(
        "fetch('/api/v1/search?q=积水').then(r => r.json())"
        ".then(b => b.results[0].snippet_html)"
    )
    page.click("text=雨天骑行三要点")
    page.wait_for_url(f"{live_server}/lessons/{course.lessons[0].id}#play")

    english = browser.new_context(**{**PHONE, "locale": "en-US"})
    try:
        page = english.new_page()
        sign_in(page, live_server, worker)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").first.inner_text() == "Courses"
        assert page.locator(".foot").inner_text().startswith("Larger text")
        page.fill("input[type=search]", "xffs")
        page.press("input[type=search]", "Enter")
        page.wait_for_selector("text=Nothing found")
        page.fill("input[type=search]", "ytqx")
        page.press("input[type=search]", "Enter")
        assert page.locator("h1").inner_text() == "Results for “ytqx”"
        page.click("text=雨天骑行三要点")
        page.wait_for_selector("text=Download for offline")
    finally:
        english.close()
