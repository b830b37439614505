"""axe-core on every staff page (each GET page of the admin and studio blueprints, found
from the URL map so a new page is checked by default, plus the officer's station
masters page and the one-time code page): no critical or serious violation, and no
select or input lower than 40 px, at 1366x768 in Chinese."""

# ruff: noqa: F811 - the video_clips fixture is used as an argument

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.models import (
    CreditEntry,
    LessonDraft,
    OrgKind,
    Quiz,
    Role,
    TranscodeJob,
)
from tests.browser.test_staff_accounts_browser import LAPTOP, shot, sign_in
from tests.support import axe
from tests.support.points_receiver import seed_ledger
from tests.support.quiz_helpers import copy_quiz_course, right_answers, start, submit
from tests.support.video_kit import video_clips  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
NOT_PAGES = {  # files and JSON answers, not pages
    "studio.course_export",
    "studio.job_status",
    "studio.quiz_stats_csv",
    "studio.upload_status",
    "studio.lesson_edit",  # redirects to the draft's editor, checked there
}


def staff_pages(app, ids: dict) -> list[str]:
    pages = []
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0]
        if blueprint not in ("admin", "studio") or "GET" not in rule.methods:
            continue
        if rule.endpoint in NOT_PAGES:
            continue
        path = re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m[1]]), rule.rule)
        pages.append(path + ids.get("query:" + rule.endpoint, ""))
    return sorted(pages)


def make_data(app, db, factory, client, tmp_path, clip) -> dict:
    from lms.services.video import importing as video_import
    from lms.services.video import jobs as media_jobs

    factory.org("city", OrgKind.CITY)
    school = factory.org("school-gz-vocational", OrgKind.SCHOOL, "city")
    course = factory.course(copy_quiz_course(tmp_path))
    lesson = course.lessons[0]
    worker = factory.person(name="周师傅")
    factory.login(client, worker)
    attempt = start(client, lesson).json["attempt_id"]
    submit(client, attempt, right_answers(db, attempt))
    seed_ledger(db, worker, 2)
    trainer = factory.person(Role.TRAINER, org=school, name="吴老师")
    factory.login(client, trainer)
    client.get(f"/studio/lessons/{lesson.id}/edit")  # opens a draft
    job = video_import.request_file_video(lesson, clip)
    db.session.commit()
    media_jobs.record_failure(
        media_jobs.claim(job.id), code="ffmpeg_failed", message="x", transient=False
    )
    db.session.commit()
    entry = db.session.scalar(select(CreditEntry).order_by(CreditEntry.seq))
    return {
        "person_id": trainer.id,
        "org_id": school.id,
        "course_id": course.id,
        "lesson_id": lesson.id,
        "draft_id": db.session.scalar(select(LessonDraft.id)),
        "quiz_id": db.session.scalar(select(Quiz.id)),
        "job_id": db.session.scalar(select(TranscodeJob.id)),
        "query:admin.credit_people": "?q=" + worker.phone,
        "query:admin.reverse_confirm": "?entry_id=" + entry.id,
        "query:admin.accounts_page": "?q=吴",
        "worker": worker,
    }


def test_every_staff_page_passes_axe(
    app, db, factory, client, live_server, browser, tmp_path, video_clips
):
    ids = make_data(app, db, factory, client, tmp_path, video_clips.get("tiny.mp4"))
    admin = factory.person(Role.ADMIN, name="管理员")
    laptop = browser.new_context(**LAPTOP)
    page = laptop.new_page()
    sign_in(page, live_server, admin.phone)
    page.wait_for_url(f"{live_server}/admin/")
    checked = []
    for path in staff_pages(app, ids):
        answer = page.goto(live_server + path)
        assert answer.status == 200, path
        assert "text/html" in answer.headers["content-type"], path
        axe.check(page)
        checked.append(path)
    assert len(checked) >= 20
    shot(page, "axe-last-page")
    page.goto(f"{live_server}/admin/accounts/new")
    page.fill("#name", "郑站长")
    page.fill("#phone", "13700000123")
    page.select_option("#role", "admin")
    page.click("#create-account")
    page.wait_for_selector("#one-time-code")
    axe.check(page)
    laptop.close()


def test_the_officers_station_masters_page_passes_axe(
    app, db, factory, live_server, browser
):
    factory.org("city", OrgKind.CITY)
    union = factory.org("union-a", OrgKind.UNION, "city")
    factory.org("station-a", OrgKind.STATION, "union-a")
    officer = factory.person(Role.UNION_ADMIN, org=union)
    laptop = browser.new_context(**LAPTOP)
    page = laptop.new_page()
    sign_in(page, live_server, officer.phone)
    page.wait_for_url(f"{live_server}/union/")
    page.goto(f"{live_server}/union/station-masters")
    axe.check(page)
    page.fill("#name", "钱站长")
    page.fill("#phone", "13700000124")
    page.click("button:has-text('邀请')")
    page.wait_for_selector("#one-time-code")
    shot(page, "officer-invited-station-master")
    laptop.close()
