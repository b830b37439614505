"""In Debian's Chromium at 360x640: a worker takes a lesson's quiz one question per
screen, with large tap targets, and sees the review with per-question feedback."""

import pytest

from lms.models import CreditEntry, QuizAttempt, Role
from tests.support.factories import PASSWORD
from tests.support.quiz_helpers import copy_quiz_course, mark_guide_read, right_answers

pytestmark = pytest.mark.browser
MIN_TAP = 44


def sign_in(page, live_server, person):
    page.goto(f"{live_server}/")
    page.fill("#phone", person.phone)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")


def tall_enough(locator) -> None:
    for i in range(locator.count()):
        box = locator.nth(i).bounding_box()
        assert box is not None and box["height"] >= MIN_TAP, box


def answer(page, fieldset, qid: str, kind: str, given) -> None:
    """Answer one question the way a thumb would."""
    if kind in ("single", "multiple", "truefalse"):
        values = given if isinstance(given, list) else [given]
        for value in values:
            value = {True: "true", False: "false"}.get(value, value)
            fieldset.locator(
                "label.choice", has=page.locator(f"input[value='{value}']")
            ).click()
        tall_enough(fieldset.locator("label.choice"))
    elif kind in ("short", "numerical"):
        fieldset.locator(f"input[name='{qid}']").fill(str(given))
    elif kind == "matching":
        for left, right in given.items():
            fieldset.locator(f"select[name='{qid}/{left}']").select_option(right)
    else:  # ordering: move each item up into place with the ↑ buttons
        for target, item_id in enumerate(given):
            item = fieldset.locator(
                "li.item", has=page.locator(f"select[name='{qid}/{item_id}']")
            )
            while (
                item.evaluate("li => [...li.parentNode.children].indexOf(li)") > target
            ):
                item.locator("button.move").first.click()
        tall_enough(fieldset.locator("button.move"))


def test_a_worker_takes_a_quiz_on_a_phone(
    app, db, factory, tmp_path, live_server, phone
):
    lesson = factory.course(copy_quiz_course(tmp_path)).lessons[0]
    worker = factory.person(Role.WORKER)
    mark_guide_read(db, worker, lesson)
    page = phone.new_page()
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/lessons/{lesson.id}")
    page.click("text=参加测验")
    page.click("text=开始测验")
    page.wait_for_url(f"{live_server}/quiz/attempts/*")
    attempt_id = page.url.rsplit("/", 1)[1]
    answers = right_answers(db, attempt_id)
    for number in range(1, 8):
        visible = page.locator("fieldset.question:visible")
        assert visible.count() == 1
        fieldset = visible.first
        assert f"第 {number} 题（共 7 题）" in fieldset.locator("legend").inner_text()
        qid = fieldset.get_attribute("data-question")
        answer(page, fieldset, qid, fieldset.get_attribute("data-type"), answers[qid])
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        if number < 7:
            assert not page.locator("text=提交答案").is_visible()
            tall_enough(page.locator(".quiz-nav button:visible"))
            page.click("text=下一题")
    submit = page.locator("text=提交答案")
    tall_enough(submit)
    submit.click()
    page.wait_for_selector(".result")
    assert "通过了" in page.locator(".result").inner_text()
    assert page.locator("section.review").count() == 7
    assert page.locator("section.review.correct").count() == 7
    assert "对。" in page.locator(".feedback").first.inner_text() or (
        page.locator(".feedback").count() >= 3
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    db.session.commit()
    assert db.session.get(QuizAttempt, int(attempt_id)).is_passed is True
    assert db.session.scalar(db.select(db.func.count()).select_from(CreditEntry)) == 1
