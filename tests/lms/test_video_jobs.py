"""Lesson videos through the real job path (real ffmpeg on tiny lavfi clips): publish,
the lesson API's `video` object, Range and cache headers, X-Accel, failures and
retries, the stale-job watchdog, captions, the CLI and course import."""

# ruff: noqa: F811 - fixtures imported from video_kit are used as arguments

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from lms.files import media_url
from lms.models import JobState, LessonVideo, Role, TranscodeJob
from lms.models.base import utcnow
from tests.support.video_kit import (  # noqa: F401 - fixtures
    media_path,
    publish,
    school_course,
    trainer,
    video_clips,
)


@pytest.fixture
def learner(client, factory):
    person = factory.person(Role.WORKER)
    factory.login(client, person)
    return person


def test_published_video_fills_the_lesson_api(
    app, db, client, school_course, learner, video_clips
):
    lesson = school_course.lessons[0]
    job = publish(lesson, video_clips.get("landscape.mp4"))
    assert (job.state, job.progress, job.attempts) == (JobState.DONE, 1.0, 1)

    body = client.get(f"/api/v1/lessons/{lesson.id}").get_json()
    video = body["video"]
    assert set(video) >= {"hls", "mp4", "poster", "captions"}
    assert video["hls"].endswith("/master.m3u8")
    assert [r["height"] for r in video["mp4"]] == [240]
    for url in [video["hls"], video["poster"], *(r["url"] for r in video["mp4"])]:
        assert media_path(app, url).is_file()
    assert (
        video["mp4"][0]["bytes"]
        == media_path(app, video["mp4"][0]["url"]).stat().st_size
    )
    assert video["captions"] == []
    assert body["progress"]["watched_ratio"] == 0.0
    course = client.get(f"/api/v1/courses/{school_course.id}").get_json()
    assert [x["has_video"] for x in course["lessons"]] == [True, False]
    db.session.refresh(lesson)
    assert lesson.video_duration_s == pytest.approx(2.0, abs=0.1)


def test_media_answers_range_requests_with_long_cache(
    app, client, school_course, learner, video_clips
):
    lesson = school_course.lessons[0]
    publish(lesson, video_clips.get("landscape.mp4"))
    url = client.get(f"/api/v1/lessons/{lesson.id}").get_json()["video"]["mp4"][0][
        "url"
    ]
    size = media_path(app, url).stat().st_size

    part = client.get(url, headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-1099/{size}"
    assert len(part.data) == 1000
    assert part.data == media_path(app, url).read_bytes()[100:1100]
    assert part.headers["Content-Type"] == "video/mp4"
    assert "max-age=31536000" in part.headers["Cache-Control"]
    assert client.get(url, headers={"Range": f"bytes={size + 10}-"}).status_code == 416


@pytest.mark.app_config(LMS_MEDIA_X_ACCEL=True)
def test_x_accel_hands_serving_to_nginx(client, school_course, learner, video_clips):
    lesson = school_course.lessons[0]
    publish(lesson, video_clips.get("landscape.mp4"))
    hls = client.get(f"/api/v1/lessons/{lesson.id}").get_json()["video"]["hls"]
    answer = client.get(hls)
    assert answer.headers[
        "X-Accel-Redirect"
    ] == "/_protected_media/" + hls.removeprefix("/media/")
    assert answer.data == b""


def test_a_second_video_replaces_the_first_in_one_step(
    app, db, school_course, video_clips
):
    lesson = school_course.lessons[0]
    publish(lesson, video_clips.get("landscape.mp4"))
    first = db.session.scalar(db.select(LessonVideo))
    old_folder = first.folder
    publish(lesson, video_clips.get("tiny.mp4"))
    video = db.session.scalar(db.select(LessonVideo))
    assert video.folder != old_folder and video.width == 176
    from lms.services.video import store as video_store

    root = video_store.videos_root()
    assert (root / old_folder).is_dir()  # kept a day for players mid-stream
    assert video_store.sweep(grace_s=0) == 1
    assert not (root / old_folder).exists() and (root / video.folder).is_dir()


def test_a_broken_source_fails_for_good_with_its_reason(
    app, db, school_course, video_clips, tmp_path
):
    from lms import tasks
    from lms.services.video import importing as video_import

    lesson = school_course.lessons[0]
    source = tmp_path / "clip.mp4"
    shutil.copyfile(video_clips.get("landscape.mp4"), source)
    job = video_import.request_file_video(lesson, source)
    db.session.commit()
    kept = media_path(app, "/media/x").parent.parent / job.source_path
    kept.write_bytes(b"not a video at all" * 100)  # the stored source got damaged
    assert tasks.transcode_lesson_video(job.id) == "failed"
    db.session.expire_all()
    job = db.session.get(TranscodeJob, job.id)
    assert (job.state, job.attempts, job.error_code) == (
        JobState.FAILED,
        1,
        "unreadable",
    )
    assert "无法识别" in job.error_message
    assert db.session.scalar(db.select(LessonVideo)) is None
    assert lesson.video_duration_s is None


def test_watchdog_requeues_a_silent_job_and_it_finishes_once(
    app, db, school_course, video_clips
):
    from lms import tasks
    from lms.services.video import importing as video_import
    from lms.services.video import jobs as media_jobs

    lesson = school_course.lessons[0]
    job = video_import.request_file_video(lesson, video_clips.get("tiny.mp4"))
    db.session.commit()
    ticket = media_jobs.claim(job.id)  # a worker took it ... and died
    db.session.commit()
    assert media_jobs.requeue_stale(stale_after_s=60) == []  # still beating
    db.session.execute(
        db.update(TranscodeJob).values(heartbeat_at=utcnow() - timedelta(minutes=5))
    )
    db.session.commit()
    assert media_jobs.requeue_stale(stale_after_s=60) == [job.id]
    db.session.commit()
    assert tasks.transcode_lesson_video(job.id) == "done"
    assert tasks.transcode_lesson_video(job.id) == "skipped"  # a duplicate message
    assert media_jobs.publish(ticket, None) is None  # the dead run cannot publish
    db.session.expire_all()
    job = db.session.get(TranscodeJob, job.id)
    assert (job.state, job.attempts) == (JobState.DONE, 2)


def test_transient_failure_is_retried_until_attempts_run_out(
    app, db, school_course, video_clips
):
    from lms.services.video import importing as video_import
    from lms.services.video import jobs as media_jobs

    lesson = school_course.lessons[0]
    job = video_import.request_file_video(lesson, video_clips.get("tiny.mp4"))
    db.session.commit()
    states = []
    for _ in range(3):
        ticket = media_jobs.claim(job.id)
        states.append(
            media_jobs.record_failure(
                ticket,
                code="transient",
                message="killed",
                stderr_tail="x\n" * 9,
                transient=True,
            )
        )
        db.session.commit()
    assert states == [JobState.QUEUED, JobState.QUEUED, JobState.FAILED]
    db.session.expire_all()
    job = db.session.get(TranscodeJob, job.id)
    assert job.stderr_tail.startswith("x\n")
    media_jobs.retry(job)
    db.session.commit()
    assert (job.state, job.attempts, job.error_code) == (JobState.QUEUED, 0, None)


def test_admin_sees_failed_jobs_and_retries_them(
    app, db, client, factory, school_course, video_clips
):
    from lms.services.video import importing as video_import
    from lms.services.video import jobs as media_jobs

    lesson = school_course.lessons[0]
    job = video_import.request_file_video(lesson, video_clips.get("tiny.mp4"))
    db.session.commit()
    ticket = media_jobs.claim(job.id)
    media_jobs.record_failure(
        ticket,
        code="ffmpeg_failed",
        message="exit 1",
        stderr_tail="Invalid data found",
        transient=False,
    )
    db.session.commit()
    factory.login(client, factory.person(Role.ADMIN))
    page = client.get("/admin/media/jobs").get_data(as_text=True)
    assert "Invalid data found" in page and "exit 1" in page
    assert "视频无法转换" in page and "ffmpeg_failed" not in page  # said for a person
    from lms import tasks

    tasks.huey.immediate = True
    try:
        answer = client.post(f"/admin/media/jobs/{job.id}/retry")
    finally:
        tasks.huey.immediate = False
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(TranscodeJob, job.id).state == JobState.DONE


def test_captions_come_with_the_video_and_can_be_added(
    app, db, client, school_course, trainer, video_clips, tmp_path
):
    from lms.services.video import store as video_store

    srt = tmp_path / "zh.srt"
    srt.write_text(
        "1\n00:00:00,000 --> 00:00:01,500\n减速<b>慢行</b>，穿好防滑雨靴\n",
        encoding="gbk",
    )
    lesson = school_course.lessons[0]
    publish(lesson, video_clips.get("landscape.mp4"), captions=srt)
    with app.test_request_context():
        track = video_store.video_object(lesson, media_url)["captions"][0]
    assert (track["lang"], track["label"]) == ("zh-CN", "中文")
    assert "减速慢行" in media_path(app, track["url"]).read_text(encoding="utf-8")
    from lms.services.catalogue import search_index

    found = search_index.search("防滑雨靴")  # caption text, indexed when published
    assert [(hit.kind, hit.id) for hit in found] == [("lesson", str(lesson.id))]

    from tests.support.factories import Factory

    Factory(app).login(client, trainer)
    vtt = tmp_path / "en.vtt"
    vtt.write_text("WEBVTT\n\n00:00.500 --> 00:01.900\nSlow down\n", encoding="utf-8")
    with vtt.open("rb") as handle:
        answer = client.post(
            f"/studio/lessons/{lesson.id}/captions",
            data={"lang": "en", "captions": (handle, "en.vtt")},
        )
    assert answer.status_code == 302
    with app.test_request_context():
        langs = [
            c["lang"] for c in video_store.video_object(lesson, media_url)["captions"]
        ]
    assert langs == ["zh-CN", "en"]
    assert [hit.id for hit in search_index.search("slow down")] == [str(lesson.id)]
    bad = tmp_path / "bad.srt"
    bad.write_text("1\n00:00:09,000 --> 00:00:08,000\nwrong\n", encoding="utf-8")
    with bad.open("rb") as handle:
        answer = client.post(
            f"/studio/lessons/{lesson.id}/captions",
            data={"lang": "en", "captions": (handle, "bad.srt")},
        )
    assert answer.status_code == 422
    assert "字幕时间轴有误" in answer.get_data(as_text=True)
