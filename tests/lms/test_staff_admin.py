"""The admin home (every page linked, what needs attention), reversing a credit from a
worker's record, and the video rough edges a trainer meets: an empty file, translated
job messages, a retry that clears the old error and removes the killed run's work."""

# ruff: noqa: F811 - fixtures imported from test_video_kit are used as arguments

from __future__ import annotations

from lms.models import CreditEntry, JobState, Role, TranscodeJob
from lms.services.video import store as video_store
from tests.support.points_receiver import seed_ledger
from tests.support.video_kit import (  # noqa: F401 - fixtures
    school_course,
    trainer,
    video_clips,
)


def test_admin_home_links_every_page_and_says_what_waits(
    app, client, db, factory, school_course, video_clips
):
    from lms.services.video import importing as video_import
    from lms.services.video import jobs as media_jobs

    factory.login(client, factory.person(Role.ADMIN))
    home = client.get("/admin/").text
    for path in (
        "/admin/accounts",
        "/admin/orgs",
        "/admin/credits",
        "/admin/media/jobs",
    ):
        assert f'href="{path}"' in home
    assert "目前没有需要处理的事项" in home
    job = video_import.request_file_video(
        school_course.lessons[0], video_clips.get("tiny.mp4")
    )
    db.session.commit()
    ticket = media_jobs.claim(job.id)
    media_jobs.record_failure(ticket, code="killed", message="x", transient=False)
    db.session.commit()
    home = client.get("/admin/").text
    assert "1 个视频任务失败" in home
    jobs = client.get("/admin/media/jobs").text
    assert "转换被中断了" in jobs and "失败" in jobs and "课程文件" in jobs
    assert "作答次数" not in jobs and "尝试次数" in jobs
    english = client.get("/admin/media/jobs?lang=en").text
    assert "The conversion was interrupted." in english
    assert ">组织名称<" in client.get("/admin/orgs").text


def test_credit_reversal_starts_from_the_workers_record(client, db, factory):
    worker = factory.person(Role.WORKER, name="刘师傅")
    seed_ledger(db, worker, 2)
    factory.login(client, factory.person(Role.ADMIN))
    found = client.get("/admin/credits/people", query_string={"q": worker.phone})
    assert f"/admin/credits/people/{worker.id}" in found.text
    by_id = client.get("/admin/credits/people", query_string={"q": worker.person_id})
    assert "刘师傅" in by_id.text
    record = client.get(f"/admin/credits/people/{worker.id}").text
    entry = db.session.scalar(db.select(CreditEntry).order_by(CreditEntry.seq))
    assert f"entry_id={entry.id}" in record
    confirm = client.get("/admin/credits/reverse", query_string={"entry_id": entry.id})
    assert confirm.status_code == 200
    assert "刘师傅" in confirm.text and entry.title in confirm.text
    wrong = client.get("/admin/credits/reverse", query_string={"entry_id": "nope"})
    assert wrong.status_code == 404 and "找不到这条学时记录" in wrong.text
    assert 'id="q"' in wrong.text  # the way back is on the page
    posted = client.post(
        "/admin/credits/reverse", data={"entry_id": "nope", "reason": "核实有误"}
    )
    assert posted.status_code == 404 and 'id="q"' in posted.text
    short = client.post("/admin/credits/reverse", data={"entry_id": entry.id})
    assert short.status_code == 422 and entry.title in short.text
    done = client.post(
        "/admin/credits/reverse", data={"entry_id": entry.id, "reason": "刷课，已核实"}
    )
    assert done.status_code == 302
    assert "已冲销" in client.get(f"/admin/credits/people/{worker.id}").text


def test_an_empty_file_is_refused_as_empty(client, factory, school_course, trainer):
    factory.login(client, trainer)
    lesson = school_course.lessons[0]
    answer = client.post(
        f"/studio/lessons/{lesson.id}/uploads",
        json={"filename": "a.mp4", "size": 0},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 422
    assert "文件是空的" in answer.get_json()["error"]["message"]


def test_a_retry_that_succeeds_clears_the_error_and_the_killed_runs_work(
    app, client, db, factory, school_course, trainer, video_clips
):
    from lms import tasks
    from lms.services.video import importing as video_import
    from lms.services.video import jobs as media_jobs

    lesson = school_course.lessons[0]
    job = video_import.request_file_video(lesson, video_clips.get("tiny.mp4"))
    db.session.commit()
    ticket = media_jobs.claim(job.id)
    partial = video_store.videos_root() / f".{ticket.folder}.partial"
    partial.mkdir(parents=True)  # what a run killed mid-way leaves
    (partial / "seg.ts").write_bytes(b"x")
    media_jobs.record_failure(ticket, code="killed", message="x", transient=True)
    db.session.commit()
    factory.login(client, trainer)
    status = client.get(f"/studio/media/jobs/{job.id}").get_json()
    assert status["restarted"] is True and status["error_message"] == "转换被中断了。"
    assert tasks.transcode_lesson_video(job.id) == "done"
    db.session.expire_all()
    job = db.session.get(TranscodeJob, job.id)
    assert job.state == JobState.DONE
    assert (job.error_code, job.error_message, job.stderr_tail) == (None, None, None)
    assert not partial.exists()
    status = client.get(f"/studio/media/jobs/{job.id}").get_json()
    assert status["error_message"] is None and status["restarted"] is False
