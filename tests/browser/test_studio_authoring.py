"""In Debian's Chromium: a trainer writes, illustrates, quizzes, previews and publishes
a lesson in the studio, uploads its video and watches the conversion bar finish (the
job run off the queue as the worker process runs it); a worker then finds the lesson and
completes it as its rule asks: the video watched to the end and the quiz passed."""

import pytest
from PIL import Image
from sqlalchemy import select

from lms import tasks
from lms.models import Lesson, LessonProgress, OrgKind, Role, TranscodeJob
from tests.media.clipkit import AAC, H264, ffmpeg, lavfi_video, tone
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser
GIFT = "::q1:: 雨天刹车距离会怎样？{=变长 ~变短 ~不变}"


def sign_in(context, live_server, person, landing="/"):
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#phone", person.phone)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}{landing}")
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


def upload_video(page, db, tmp_path) -> None:
    """On the lesson's video page: send a 4 s clip, see it wait for the converter, let
    the queue's worker run the job, and watch the conversion bar reach the end."""
    clip = tmp_path / "scene.mp4"
    ffmpeg(
        *lavfi_video("640x360", seconds=4),
        *tone(4),
        *H264,
        *AAC,
        "-shortest",
        str(clip),
    )
    tasks.huey.flush()  # the queue file is shared by the run: only this test's tasks
    page.click("a.button:has-text('视频')")
    page.wait_for_selector(".current-video .no-video")
    page.evaluate(  # every status the trainer is shown, in order
        """window.seen = [];
        new MutationObserver(() => seen.push(document.querySelector('.video-upload .status')
          .textContent)).observe(document.querySelector('.video-upload .status'),
          {childList: true, characterData: true, subtree: true});"""
    )
    page.set_input_files("#video-file", str(clip))
    page.click("#video-send")
    page.wait_for_selector(".video-upload .status:has-text('正在等待视频转换')")
    assert page.evaluate("document.getElementById('upload-progress').value") == 100
    assert page.evaluate("document.getElementById('job-progress').value") == 0

    db.session.commit()  # end the test's read snapshot
    job = db.session.scalar(select(TranscodeJob))
    assert tasks.huey.pending_count() == 1  # the upload queued its job
    task = tasks.huey.dequeue()  # what `huey_consumer lms.tasks.huey` does with it
    assert task.name == "transcode_lesson_video" and task.args == (job.id,)
    assert tasks.huey.execute(task) == "done"
    page.wait_for_selector(".video-upload.published", timeout=15000)  # polled, 1.5 s
    assert page.evaluate("document.getElementById('job-progress').value") == 100
    seen = page.evaluate("seen")
    assert seen[-1] == "已发布。刷新页面即可查看。", seen
    page.reload()
    assert page.locator(".current-video video source").count() >= 1
    assert page.locator(".current-video .meta").inner_text().startswith("0:04")


def test_trainer_publishes_and_worker_completes(
    app, db, factory, live_server, browser, tmp_path
):
    school = factory.org("school-gz", OrgKind.SCHOOL)
    trainer = factory.person(Role.TRAINER, org=school)
    worker = factory.person()
    context = browser.new_context(
        viewport={"width": 1024, "height": 800}, locale="zh-CN"
    )
    page = sign_in(context, live_server, trainer, "/studio/")  # trainers land there
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
    page.once("dialog", lambda dialog: dialog.accept())  # "publish what is on screen?"
    page.click("#publish-lesson")
    page.wait_for_selector("#publish-course")
    page.click(".studio-lessons a:has-text('现场安全')")  # now it offers a video
    upload_video(page, db, tmp_path)
    page.go_back()  # the lesson's page
    page.click(".crumbs a:has-text('骑手急救入门')")
    page.click("#publish-course")
    page.wait_for_selector("text=已发布：学员可以看到")
    context.close()

    db.session.commit()  # end the test's read snapshot
    lesson = db.session.scalar(select(Lesson))
    assert lesson.has_quiz and lesson.version == 1
    assert lesson.video_duration_s == pytest.approx(4, abs=0.1)
    phone = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN")
    page = sign_in(phone, live_server, worker)
    page.click("text=骑手急救入门")
    page.click("text=现场安全")
    page.wait_for_selector(".guide img")
    page.wait_for_selector("#player[data-engine]", state="attached")
    with page.expect_response(f"**/api/v1/lessons/{lesson.id}/progress") as sent:
        page.evaluate("document.getElementById('player').play()")
        page.wait_for_function("document.getElementById('player').ended", timeout=20000)
    watched = sent.value.json()  # played to the end; the quiz is still to pass
    assert watched["position"] == pytest.approx(4, abs=0.1), watched
    assert not watched["completed"]
    page.locator(".guide-end").scroll_into_view_if_needed()
    page.click("text=参加测验")
    page.click("button:has-text('开始测验')")
    page.click("label.choice:has-text('变长')")
    page.click("button:has-text('提交答案')")
    page.wait_for_selector("text=通过")
    db.session.commit()
    row = db.session.scalar(select(LessonProgress))
    assert row.quiz_passed_at is not None and row.completed_at is not None
    assert row.guide_read_at is None  # with a video, the rule asks for watching instead
    assert row.watched_seconds + 0.5 >= 0.9 * lesson.video_duration_s
    phone.close()
