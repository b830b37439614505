"""The credits issue, end to end ("Done when"): a worker watches a lesson's video in
Debian's Chromium, passes its quiz on the phone page, and the points platform's
receiver (a real HTTP server that verifies the HMAC signature, the timestamp and the
Idempotency-Key, and de-duplicates on id) gets the credit exactly once, however often
the push runs."""

# ruff: noqa: F811 - fixtures imported from video_kit are used as arguments

from __future__ import annotations

import time

import pytest

from lms.models import CreditEntry, LessonProgress, Role
from lms.services.points import outbox as points_outbox
from lms.services.points.push import Settings, deliver
from tests.browser.test_quiz_phone import answer
from tests.support.phone import sign_in
from tests.support.points_receiver import SECRET, SOURCE, receiver_for
from tests.support.quiz_helpers import copy_quiz_course, right_answers
from tests.support.video_kit import publish, video_clips  # noqa: F401 - fixture

pytestmark = pytest.mark.browser
SECRET = "points-secret-for-the-end-to-end-test"
SOURCE = "lms-e2e"
RATE = 2.0  # the fastest rate the server accepts: the 6 s clip plays in 3 s


@pytest.fixture
def receiver(app):
    with receiver_for(app, LMS_POINTS_TIMEOUT=5.0) as receiver:
        yield receiver


def watched(db, worker, lesson) -> LessonProgress | None:
    db.session.commit()  # end the test's transaction: see what the server committed
    return db.session.scalar(
        db.select(LessonProgress).filter_by(person_id=worker.id, lesson_id=lesson.id)
    )


def wait_for_coverage(db, worker, lesson, seconds: float, timeout_s: float = 15.0):
    deadline = time.monotonic() + timeout_s
    while True:
        row = watched(db, worker, lesson)
        if row is not None and row.watched_seconds + 0.5 >= seconds:
            return row
        assert time.monotonic() < deadline, row and (row.watched_seconds, row.intervals)
        time.sleep(0.1)


def ledger(db) -> list[CreditEntry]:
    db.session.commit()
    return list(db.session.scalars(db.select(CreditEntry).order_by(CreditEntry.seq)))


def test_watch_pass_and_the_receiver_gets_the_credit_exactly_once(
    app, db, factory, tmp_path, video_clips, live_server, phone, receiver
):
    course = factory.course(copy_quiz_course(tmp_path))
    lesson = course.lessons[0]
    assert publish(lesson, video_clips.get("six-seconds.mp4")).state == "done"
    assert lesson.has_quiz and lesson.video_duration_s > 5
    assert len(course.lessons) == 2  # one lesson done is not the course: no bonus
    needed = float(course.required_watch_ratio) * lesson.video_duration_s
    worker = factory.person(Role.WORKER)

    page = phone.new_page()
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/lessons/{lesson.id}")
    page.wait_for_selector("#player[data-engine]", state="attached")
    page.evaluate(
        """rate => { const v = document.getElementById('player');
            v.defaultPlaybackRate = rate; v.playbackRate = rate; v.play(); }""",
        RATE,
    )
    page.wait_for_function(
        "document.getElementById('player').ended", timeout=30000, polling=100
    )
    row = wait_for_coverage(db, worker, lesson, needed)
    assert row.completed_at is None  # the quiz is still to pass
    assert row.dropped_events == 0
    assert ledger(db) == []

    page.goto(f"{live_server}/lessons/{lesson.id}")
    page.click("text=参加测验")
    page.click("text=开始测验")
    page.wait_for_url(f"{live_server}/quiz/attempts/*")
    answers = right_answers(db, page.url.rsplit("/", 1)[1])
    for number in range(1, len(answers) + 1):
        fieldset = page.locator("fieldset.question:visible").first
        qid = fieldset.get_attribute("data-question")
        answer(page, fieldset, qid, fieldset.get_attribute("data-type"), answers[qid])
        if number < len(answers):
            page.click("text=下一题")
    page.click("text=提交答案")
    page.wait_for_selector(".result")
    assert "通过了" in page.locator(".result").inner_text()
    assert page.locator("section.review.correct").count() == len(answers)

    entries = ledger(db)
    assert [(e.kind, e.person_id, e.lesson_code) for e in entries] == [
        ("lesson", worker.person_id, lesson.code)
    ]
    assert watched(db, worker, lesson).completed_at is not None
    ids = [e.id for e in entries]

    first = deliver(Settings.from_config(app.config))
    assert (first.outcome, first.delivered, first.counts["queued"]) == ("empty", 1, 0)
    again = app.test_cli_runner().invoke(args=["credits", "push"])
    assert again.exit_code == 0, again.output
    assert "已送达 0" in again.output
    assert len(receiver.batches) == 1  # the second run sent nothing at all
    # a batch is recorded only after its signature, timestamp and key were verified
    assert receiver.violations == []  # signature, timestamp, key and fields all held
    assert sorted(receiver.awarded) == sorted(ids)
    assert dict(receiver.accepted) == dict.fromkeys(ids, 1) and receiver.twice() == []
    credit = receiver.awarded[ids[0]]
    assert (credit["kind"], credit["person_id"], credit["lesson_code"]) == (
        "lesson",
        worker.person_id,
        lesson.code,
    )
    assert credit["course_code"] == course.code and credit["reverses"] is None
    assert points_outbox.counts() == {"queued": 0, "delivered": 1, "held": 0}

    mine = page.request.get(f"{live_server}/api/v1/me/credits")
    assert mine.status == 200
    body = mine.json()
    assert [c["id"] for c in body["credits"]] == ids
    assert body["credits"][0] == credit
    assert body["total_hours"] == credit["credit_hours"]
