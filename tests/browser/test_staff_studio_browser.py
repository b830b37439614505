"""In Debian's Chromium at laptop size (1366x768): a new trainer lands in the studio,
writes a lesson with a picture beside a phone-sized live preview that follows the
typing, publishes what is on screen, makes the narrated video (the real pipeline,
run off the queue as the worker does) and, once a worker has watched it on a phone,
reads the lesson's insight. axe-core checks every studio page on the way."""

import pytest
from PIL import Image
from sqlalchemy import select

from lms import tasks
from lms.models import Lesson, LessonProgress, OrgKind, Role, TranscodeJob
from tests.browser.test_staff_accounts_browser import LAPTOP, shot, sign_in
from tests.media.clipkit import H264, ffmpeg, lavfi_video
from tests.support import axe
from tests.support.live import PHONE
from tests.support.quiz_helpers import copy_quiz_course

pytestmark = pytest.mark.browser


def write_lesson(page, tmp_path) -> None:
    page.fill("#new-title", "现场安全")
    page.click("text=添加课时")
    axe.check(page)
    editor = page.locator("#guide_md").bounding_box()
    preview = page.locator(".phone-frame").bounding_box()
    assert preview["x"] > editor["x"] + editor["width"]  # side by side at 1366 px
    assert page.evaluate(
        "document.querySelector('.phone-frame').clientWidth"
    ) == pytest.approx(360, abs=1)
    page.fill("#duration_min", "5")
    page.fill("#credit_hours", "0.25")
    page.fill("#sources_text", "中国红十字会《救护员培训教材》")
    page.click("#guide_md")
    page.keyboard.type("## 第一步：确认现场安全\n\n先看车流，再靠近伤者。\n")
    page.wait_for_selector("#live-preview h2:has-text('确认现场安全')")
    page.keyboard.type("\n## 第二步：拨打 120\n")
    page.wait_for_selector("#live-preview h2:has-text('拨打 120')")  # as they type
    page.wait_for_selector("#autosave-status:has-text('自动保存')", timeout=10000)
    picture = tmp_path / "scene.png"
    Image.new("RGB", (1600, 900), (20, 120, 200)).save(picture)
    page.set_input_files("#image-file", str(picture))
    page.fill("#image-alt", "骑手停车查看路况")
    page.click("#image-insert")
    page.wait_for_selector(".phone-frame img[alt='骑手停车查看路况']")
    shot(page, "studio-editor")


def narrate(page, db) -> None:
    """生成讲解视频, then the queue's worker runs the job while the bar follows it."""
    tasks.huey.flush()
    page.click("a.button:has-text('视频')")
    axe.check(page)
    page.click("#narrate")
    page.wait_for_selector("text=正在生成讲解视频")
    page.wait_for_selector(".video-upload .status:has-text('正在等待视频转换')")
    db.session.commit()  # end the test's read snapshot
    task = tasks.huey.dequeue()
    assert task.name == "transcode_lesson_video"
    outcome = tasks.huey.execute(task)
    db.session.commit()
    job = db.session.scalar(select(TranscodeJob))
    assert outcome == "done", (job.state, job.error_code, job.error_message)
    page.wait_for_selector(".video-upload.published", timeout=20000)
    assert page.evaluate("document.getElementById('job-progress').value") == 100
    page.reload()
    assert page.locator(".current-video video source").count() >= 1
    shot(page, "studio-narrated")


def watch_on_a_phone(browser, live_server, worker, db) -> None:
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    sign_in(page, live_server, worker.phone)
    page.wait_for_url(f"{live_server}/")
    page.click("text=骑手急救入门")
    page.click("text=现场安全")
    page.wait_for_selector("#player[data-engine]", state="attached")
    db.session.commit()
    lesson = db.session.scalar(select(Lesson))
    with page.expect_response(f"**/api/v1/lessons/{lesson.id}/progress"):
        page.evaluate("document.getElementById('player').play()")
        page.wait_for_function("document.getElementById('player').ended", timeout=60000)
    phone.close()
    db.session.commit()
    assert db.session.scalar(select(LessonProgress)).completed_at is not None


def test_new_trainer_writes_narrates_publishes_and_reads_insight(
    app, db, factory, live_server, browser, tmp_path
):
    school = factory.org("school-gz", OrgKind.SCHOOL)
    trainer = factory.person(Role.TRAINER, org=school)
    worker = factory.person()
    laptop = browser.new_context(**LAPTOP)
    page = laptop.new_page()
    sign_in(page, live_server, trainer.phone)
    page.wait_for_url(f"{live_server}/studio/")  # trainers land in the studio
    axe.check(page)
    page.click("#new-course")
    axe.check(page)
    page.fill("#title", "骑手急救入门")
    page.fill("#summary", "遇到事故时先做什么。")
    page.click("button[type=submit]:has-text('保存')")
    write_lesson(page, tmp_path)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#publish-lesson")  # publishes what is on screen
    page.wait_for_selector("#flash:has-text('已发布')")
    axe.check(page)
    page.click(".studio-lessons a:has-text('现场安全')")
    narrate(page, db)
    page.goto(f"{live_server}/studio/")
    page.click("a:has-text('骑手急救入门')")
    page.click("#publish-course")
    page.wait_for_selector("text=已发布：学员可以看到")

    watch_on_a_phone(browser, live_server, worker, db)
    page.goto(f"{live_server}/studio/")
    page.click(".my-courses a:has-text('学习情况')")
    section = page.locator(".insight[data-lesson]").first
    assert "1 人开始" in section.inner_text() and "1 人完成" in section.inner_text()
    shot(page, "studio-insight")
    axe.check(page)
    laptop.close()


def test_too_long_and_empty_videos_are_refused_before_uploading(
    app, db, factory, live_server, browser, tmp_path
):
    """The browser reads the length of a 31-minute clip and refuses it before one byte
    is sent; an empty file is called empty."""
    school = factory.org("school-gz", OrgKind.SCHOOL)
    trainer = factory.person(Role.TRAINER, org=school)
    course = factory.course(copy_quiz_course(tmp_path))
    course.school_id = school.id
    db.session.commit()
    long_clip, empty = tmp_path / "long.mp4", tmp_path / "empty.mp4"
    ffmpeg(*lavfi_video("64x64", rate="1", seconds=31 * 60), *H264, str(long_clip))
    empty.write_bytes(b"")
    laptop = browser.new_context(**LAPTOP)
    page = laptop.new_page()
    sign_in(page, live_server, trainer.phone)
    page.wait_for_url(f"{live_server}/studio/")
    page.goto(f"{live_server}/studio/lessons/{course.lessons[0].id}/media")
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/uploads" in r.url else None)
    page.set_input_files("#video-file", str(long_clip))
    page.click("#video-send")
    page.wait_for_selector(".video-upload .status:has-text('超过 30 分钟')")
    page.set_input_files("#video-file", str(empty))
    page.click("#video-send")
    page.wait_for_selector(".video-upload .status:has-text('文件是空的')")
    assert sent == []  # nothing went to the server
    shot(page, "studio-video-refused")
    laptop.close()
