"""The worker's loop in Debian's Chromium at 360x640 (issue 20): sign in → home (the
daily goal, next up) → the lesson → watch to the end → the guide → the quiz → the
reward with the next lesson → the course finished → the certificate image saved to
the phone. Then every screen of the loop in Chinese, in English and in large text:
nothing wider than the screen; screenshots in /tmp/shots/worker/."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from lms.models import LessonProgress, Role
from tests.browser import test_quiz_phone as quiz_phone
from tests.support.phone import sign_in
from tests.support.quiz_helpers import copy_quiz_course, right_answers
from tests.support.video_kit import publish, video_clips  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/worker")
PLAYER = "document.getElementById('player')"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide"


def take_quiz(page, db, live_server) -> None:
    """From the lesson page: the sticky bar's quiz button, then every answer right."""
    bar = page.locator("[data-testid=action-bar]")
    assert bar.locator("text=参加测验").is_visible()  # without scrolling to the end
    bar.locator("text=参加测验").click()
    page.click("text=开始测验")
    page.wait_for_url(f"{live_server}/quiz/attempts/*")
    answers = right_answers(db, page.url.rsplit("/", 1)[1])
    while True:
        fieldset = page.locator("fieldset.question:visible").first
        qid = fieldset.get_attribute("data-question")
        kind = fieldset.get_attribute("data-type")
        if kind == "ordering":  # each step reads on one or two lines
            lines = fieldset.locator(".order .text").evaluate_all(
                "els => els.map(e => e.getBoundingClientRect().height"
                " / parseFloat(getComputedStyle(e).lineHeight))"
            )
            assert lines and max(lines) <= 2.1, lines
            shot(page, "quiz-ordering-zh")
        quiz_phone.answer(page, fieldset, qid, kind, answers[qid])
        fits(page)
        if page.locator("text=提交答案").is_visible():
            break
        page.click("text=下一题")
    page.click("text=提交答案")
    page.wait_for_selector(".result")


def open_long_ago(db, lesson) -> None:
    """The guide counts as read after a dwell time: pretend it was opened earlier."""
    db.session.commit()
    row = db.session.scalar(db.select(LessonProgress).filter_by(lesson_id=lesson.id))
    row.first_opened_at = datetime.now(UTC) - timedelta(minutes=5)
    db.session.commit()


def test_sign_in_learn_get_the_reward_and_save_the_certificate(
    db,
    factory,
    tmp_path,
    live_server,
    phone,
    video_clips,  # noqa: F811
):
    course = factory.course(copy_quiz_course(tmp_path))
    first, second = course.lessons
    assert publish(first, video_clips.get("six-seconds.mp4")).state == "done"
    worker = factory.person(Role.WORKER)
    page = phone.new_page()

    sign_in(page, live_server, worker)  # home: the goal and the next lesson
    assert "今日目标：学习 10 分钟" in page.inner_text("[data-testid=goal]")
    next_up = page.locator("[data-testid=next-up]")
    assert "下一课" in next_up.inner_text() and first.title in next_up.inner_text()
    fits(page)
    shot(page, "01-home-zh")

    next_up.locator("a").click()  # the lesson plays at once (#play)
    page.wait_for_url(f"{live_server}/lessons/{first.id}#play")
    checklist = page.locator("[data-testid=checklist]")
    assert (
        "视频看到 90%" in checklist.inner_text()
        and "通过测验" in checklist.inner_text()
    )
    assert "约" in page.inner_text("[data-testid=size]")
    page.wait_for_function(f"{PLAYER}.currentTime > 0.5", timeout=20000)
    shot(page, "02-lesson-zh")
    with page.expect_response(f"**/api/v1/lessons/{first.id}/progress"):
        page.wait_for_function(f"{PLAYER}.ended", timeout=30000)  # to the end
    page.wait_for_selector(".checklist .step.done[data-kind=video]")
    page.locator(".guide-end").scroll_into_view_if_needed()  # the guide, read
    fits(page)

    take_quiz(page, db, live_server)  # passing completes the lesson: the reward
    reward = page.locator("[data-testid=reward]")
    assert "+0.25 学时 · 已记入 · 将同步到积分平台" in reward.inner_text()
    assert f"下一课：{second.title}" in reward.inner_text()
    fits(page)
    shot(page, "03-reward-zh")

    reward.locator("a").click()  # the next lesson, one tap away
    page.wait_for_url(f"{live_server}/lessons/{second.id}#play")
    open_long_ago(db, second)
    page.locator(".guide-end").scroll_into_view_if_needed()
    page.wait_for_selector(".checklist .step.done[data-kind=guide]")
    take_quiz(page, db, live_server)
    reward = page.locator("[data-testid=reward]")
    assert "课程已完成：领取结业证书" in reward.inner_text()
    shot(page, "04-course-finished-zh")

    page.goto(f"{live_server}/courses/{course.id}")  # the course page offers it too
    assert "课程已完成" in page.inner_text("[data-testid=course-finished]")
    fits(page)
    shot(page, "05-course-zh")
    page.click("[data-testid=course-finished] a")
    page.wait_for_url(f"{live_server}/courses/{course.id}/certificate")
    fits(page)
    shot(page, "06-certificate-zh")
    with page.expect_download() as download:
        page.click("[data-testid=save-image]")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".png"
    with Image.open(saved) as image:
        assert (image.format, image.size) == ("PNG", (1080, 1440))
    SHOTS.mkdir(parents=True, exist_ok=True)
    saved.replace(SHOTS / "07-certificate-image.png")


SCREENS = [
    ("home", "/"),
    ("lesson", "/lessons/{lesson}"),
    ("quiz", "/lessons/{lesson}/quiz"),
    ("course", "/courses/{course}"),
    ("credits", "/credits"),
    ("offline", "/offline"),
]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_screen_fits_360_px_in_chinese_english_and_large_text(
    db,
    factory,
    tmp_path,
    live_server,
    phone,
    video_clips,  # noqa: F811
    language,
):
    course = factory.course(copy_quiz_course(tmp_path))
    lesson = course.lessons[0]
    assert publish(lesson, video_clips.get("six-seconds.mp4")).state == "done"
    worker = factory.person(Role.WORKER)
    page = phone.new_page()
    for name, path in (("sign-in", "/login"), ("forgot", "/password/forgot")):
        page.goto(f"{live_server}{path}?lang={language}")
        fits(page)
        shot(page, f"{name}-{language}")
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/lang/{language}?next=/")
    for large in (False, True):
        if large:
            page.click("footer.foot button[type=submit]")  # 大字模式 / Larger text
            assert page.evaluate("document.documentElement.className") == "large-text"
        for name, path in SCREENS:
            page.goto(live_server + path.format(lesson=lesson.id, course=course.id))
            fits(page)
            shot(page, f"{name}-{language}{'-large' if large else ''}")
        page.click(".menu summary")  # the menu opens inside the screen
        box = page.locator(".menu nav").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        sign_out = page.locator(".menu nav .link")
        assert sign_out.is_visible()
        shot(page, f"menu-{language}{'-large' if large else ''}")
