"""In Debian's Chromium: a trainer writes, illustrates, quizzes, previews and publishes
a lesson in the studio; a worker then finds it and completes it by reading and passing."""

from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select, update

from lms.models import Lesson, LessonProgress, OrgKind, Role
from lms.models.base import utcnow
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser
GIFT = "::q1:: 雨天刹车距离会怎样？{=变长 ~变短 ~不变}"


def sign_in(context, live_server, person):
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#phone", person.phone)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    return page


def write_lesson(page, tmp_path):
    page.fill("#new-title", "现场安全")
    page.click("text=添加课时")
    page.fill("#duration_min", "5")
    page.fill("#credit_hours", "0.25")
    page.fill(
        "#sources_text", "中国红十字会《救护员培训教材》 | https://www.redcross.org.cn/"
    )
    page.fill("#guide_md", "## 第一步：确认现场安全\n\n先看车流，再靠近伤者。\n")
    page.wait_for_selector("#live-preview h2")  # the learner renderer, live
    picture = tmp_path / "scene.png"
    Image.new("RGB", (1600, 900), (20, 120, 200)).save(picture)
    page.set_input_files("#image-file", str(picture))
    page.fill("#image-alt", "骑手停车查看路况")
    page.click("#image-insert")
    page.wait_for_selector("#live-preview img[alt='骑手停车查看路况']")
    page.click("#save-draft")
    page.wait_for_selector("text=草稿已保存")


def test_trainer_publishes_and_worker_completes(
    app, db, factory, live_server, browser, tmp_path
):
    school = factory.org("school-gz", OrgKind.SCHOOL)
    trainer = factory.person(Role.TRAINER, org=school)
    worker = factory.person()
    context = browser.new_context(
        viewport={"width": 1024, "height": 800}, locale="zh-CN"
    )
    page = sign_in(context, live_server, trainer)
    page.goto(f"{live_server}/studio/")
    page.click("#new-course")
    page.fill("#title", "骑手急救入门")
    page.fill("#summary", "遇到事故时先做什么。")
    page.click("button[type=submit]:has-text('保存')")
    write_lesson(page, tmp_path)
    page.click("text=测验")
    page.fill("#text", GIFT)
    page.click("#save-quiz")
    page.wait_for_selector("text=学员看到的样子")
    page.go_back()
    page.go_back()
    page.reload()
    page.click("#preview-link")
    assert page.locator(".preview-banner").inner_text().startswith("预览")
    assert page.locator(".guide h2").first.inner_text() == "第一步：确认现场安全"
    page.go_back()
    page.click("#publish-lesson")
    page.click("#publish-course")
    page.wait_for_selector("text=已发布：学员可以看到")
    context.close()

    db.session.commit()  # end the test's read snapshot
    lesson = db.session.scalar(select(Lesson))
    assert lesson.has_quiz and lesson.version == 1
    phone = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN")
    page = sign_in(phone, live_server, worker)
    page.click("text=骑手急救入门")
    page.click("text=现场安全")
    page.wait_for_selector(".guide img")
    db.session.commit()  # a fresh transaction sees the progress row the page wrote
    db.session.execute(update(LessonProgress).values(
        first_opened_at=utcnow() - timedelta(minutes=5)))  # fmt: skip
    db.session.commit()
    page.reload()
    page.locator(".guide-end").scroll_into_view_if_needed()
    page.click("text=参加测验")
    page.click("button:has-text('开始测验')")
    page.click("label.choice:has-text('变长')")
    page.click("button:has-text('提交答案')")
    page.wait_for_selector("text=通过")
    db.session.commit()
    row = db.session.scalar(select(LessonProgress))
    assert row.guide_read_at is not None and row.quiz_passed_at is not None
    assert row.completed_at is not None
    phone.close()
