"""In Debian's Chromium at 360x640: a trainer uploads a lesson video in chunks (one
chunk's connection drops and the upload resumes from the server's offset), watches the
conversion's progress bar, and sees a rejected file's Chinese message."""

# ruff: noqa: F811 - fixtures imported from video_kit are used as arguments

from __future__ import annotations

import pytest

from lms.models import TranscodeJob
from tests.support.phone import sign_in
from tests.support.video_kit import (  # noqa: F401 - fixtures
    school_course,
    trainer,
    video_clips,
)

pytestmark = pytest.mark.browser


def open_upload_page(page, live_server, trainer, lesson, chunk: int = 16384) -> None:
    sign_in(page, live_server, trainer)
    page.goto(f"{live_server}/studio/lessons/{lesson.id}/media")
    page.evaluate(
        f"document.querySelector('.video-upload').dataset.chunkSize = {chunk}"
    )


def test_upload_resumes_after_a_drop_then_shows_conversion(
    app, db, school_course, trainer, video_clips, live_server, phone
):
    from lms import tasks

    lesson = school_course.lessons[0]
    page = phone.new_page()
    open_upload_page(page, live_server, trainer, lesson)
    dropped, patches = [], []

    def flaky(route):
        request = route.request
        if request.method == "PATCH":
            patches.append(request.headers.get("upload-offset"))
            if len(patches) == 2 and not dropped:
                dropped.append(patches[-1])
                return route.abort("connectionreset")
        return route.continue_()

    page.route("**/studio/uploads/**", flaky)
    page.set_input_files("#video-file", str(video_clips.get("landscape.mp4")))
    page.click("#video-send")
    page.wait_for_selector(".video-upload .status:has-text('正在等待视频转换')")
    assert dropped == ["16384"] and patches.count("16384") == 2  # sent again
    assert page.evaluate("document.getElementById('upload-progress').value") == 100

    db.session.commit()
    job = db.session.scalar(db.select(TranscodeJob))
    assert tasks.transcode_lesson_video(job.id) == "done"
    page.wait_for_selector(".video-upload.published")
    assert page.evaluate("document.getElementById('job-progress').value") == 100
    page.reload()
    assert page.locator(".current-video video source").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_rejected_upload_shows_its_chinese_message(
    app, db, school_course, trainer, video_clips, live_server, phone
):
    lesson = school_course.lessons[0]
    page = phone.new_page()
    open_upload_page(page, live_server, trainer, lesson)
    page.set_input_files("#video-file", str(video_clips.get("cut-in-half.mp4")))
    page.click("#video-send")
    alert = page.wait_for_selector(".video-upload .status.alert")
    assert "视频文件不完整或已损坏" in alert.inner_text()
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(TranscodeJob.id))) == 0
