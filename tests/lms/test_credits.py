"""The ledger: once per lesson under concurrency, the daily cap, reversals, CSRF."""

import re
import threading
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import requests

from lms.models import CreditAudit, CreditClaim, CreditEntry, LessonProgress, Role
from lms.services.credits import ledger as credits


def now():
    return datetime.now(UTC)


@pytest.fixture
def lesson(factory, sample_course_dir, db):
    course = factory.course(sample_course_dir)
    course.lessons[0].video_duration_s = 60.0
    db.session.commit()
    return course.lessons[0]


def bearer(client, person):
    token = client.post(
        "/api/v1/auth/token",
        json={"phone": person.phone, "password": "correct horse 42"},
    ).json["token"]
    return {"Authorization": f"Bearer {token}"}


def test_the_same_completing_event_sent_concurrently_awards_one_credit(
    client, db, factory, lesson, live_server
):
    worker = factory.person(Role.WORKER)
    headers = bearer(client, worker)
    requests.get(
        f"{live_server}/api/v1/lessons/{lesson.id}", headers=headers, timeout=10
    )
    db.session.commit()  # end this session's snapshot; the server wrote in between
    row = db.session.scalar(db.select(LessonProgress))
    row.first_opened_at = now() - timedelta(minutes=10)
    db.session.commit()
    body = {
        "events": [
            {
                "id": str(uuid.uuid4()),
                "from": 0,
                "to": 60,
                "rate": 1.0,
                "at": (now() - timedelta(minutes=2)).isoformat(),
            }
        ]
    }
    url = f"{live_server}/api/v1/lessons/{lesson.id}/progress"
    answers, barrier = [], threading.Barrier(6)

    def send():
        barrier.wait()
        answers.append(requests.post(url, json=body, headers=headers, timeout=30))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.session.commit()
    assert [a.status_code for a in answers] == [200] * 6
    assert sum(1 for a in answers if a.json()["credit"]) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(CreditEntry)) == 1


@pytest.mark.app_config(LMS_DAILY_CREDIT_HOURS=Decimal("0.25"))
def test_credit_beyond_the_daily_cap_is_issued_the_next_day(
    app, db, factory, sample_course_dir
):
    course = factory.course(sample_course_dir)
    worker = factory.person(Role.WORKER)
    day1 = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)  # 11:00 in the city
    first = credits.award_lesson(worker, course.lessons[0], day1)
    second = credits.award_lesson(
        worker, course.lessons[1], day1 + timedelta(minutes=5)
    )
    db.session.commit()
    assert first is not None and second is None
    assert db.session.scalar(db.select(db.func.count()).select_from(CreditClaim)) == 2
    assert credits.issue_due(worker, day1 + timedelta(hours=1)) == []  # still day one
    issued = credits.issue_due(worker, day1 + timedelta(days=1))
    db.session.commit()
    assert [e.lesson_code for e in issued] == ["visibility"]
    assert issued[0].earned_at == day1 + timedelta(minutes=5)  # when it was earned


LOCAL_MIDNIGHT = datetime(2026, 11, 2, 16, 0)  # in Shanghai; Huey's clock is naive UTC


def due_tasks(moment: datetime) -> dict:
    """The periodic tasks Huey's scheduler queues at `moment`, by name."""
    from lms import tasks

    return {task.name: task for task in tasks.huey.read_periodic(moment)}


def test_the_daily_credit_task_is_due_just_after_local_midnight():
    assert "issue_due_credits_daily" in due_tasks(LOCAL_MIDNIGHT + timedelta(minutes=5))
    for minutes in (0, 4, 6, 8 * 60 + 5):  # 00:00, 00:04, 00:06 local; 00:05 UTC
        later = LOCAL_MIDNIGHT + timedelta(minutes=minutes)
        assert "issue_due_credits_daily" not in due_tasks(later)


@pytest.mark.app_config(LMS_DAILY_CREDIT_HOURS=Decimal("0.25"))
def test_the_daily_task_issues_the_credit_the_cap_held_back(
    app, db, factory, sample_course_dir
):
    """The workers earn nothing more after the capped day: the credit still comes,
    from the periodic task Huey's scheduler runs just after local midnight."""
    from lms import tasks

    course = factory.course(sample_course_dir)
    worker, other = factory.person(Role.WORKER), factory.person(Role.WORKER)
    yesterday = now() - timedelta(days=1)
    for person in (worker, other):
        credits.award_lesson(person, course.lessons[0], yesterday)
        credits.award_lesson(person, course.lessons[1], yesterday)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(CreditEntry)) == 2
    task = due_tasks(LOCAL_MIDNIGHT + timedelta(minutes=5))["issue_due_credits_daily"]
    assert tasks.huey.execute(task) == 2  # what the consumer does with a due task
    db.session.expire_all()
    held = db.session.scalars(
        db.select(CreditEntry).where(CreditEntry.lesson_code == "visibility")
    ).all()
    assert sorted(e.person_pk for e in held) == sorted([worker.id, other.id])
    assert {e.earned_at for e in held} == {yesterday}  # when it was earned
    waiting = db.select(db.func.count()).where(CreditClaim.issued_on.is_(None))
    assert db.session.scalar(waiting) == 0
    assert tasks.huey.execute(task) == 0  # nothing waits any more


def test_a_lesson_is_never_claimed_twice(app, db, factory, sample_course_dir):
    course = factory.course(sample_course_dir)
    worker = factory.person(Role.WORKER)
    assert credits.award_lesson(worker, course.lessons[0], now()) is not None
    assert credits.award_lesson(worker, course.lessons[0], now()) is None
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(CreditEntry)) == 1


def test_reversal_is_a_new_entry_with_an_audit_line(
    app, db, factory, sample_course_dir
):
    from lms.errors import Conflict, Invalid

    course = factory.course(sample_course_dir)
    worker, admin = factory.person(Role.WORKER), factory.person(Role.ADMIN)
    entry = credits.award_lesson(worker, course.lessons[0], now())
    with pytest.raises(Invalid):
        credits.reverse_entry(admin, entry.id, "", now())
    reversal = credits.reverse_entry(admin, entry.id, "重复刷课，已核实", now())
    db.session.commit()
    assert reversal.kind == "reversal" and reversal.reverses == entry.id
    assert reversal.credit_hours == Decimal("-0.25") and reversal.seq > entry.seq
    assert credits.total_hours(credits.person_credits(worker)) == 0
    audit = db.session.scalar(db.select(CreditAudit))
    assert (audit.actor_id, audit.entry_id, audit.action) == (
        admin.id,
        entry.id,
        "reverse",
    )
    with pytest.raises(Conflict):
        credits.reverse_entry(admin, entry.id, "再来一次", now())


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_cookie_sessions_need_the_csrf_header_for_api_writes(app, db, factory, lesson):
    worker = factory.person(Role.WORKER)
    client = app.test_client()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/login",
        data={
            "phone": worker.phone,
            "password": "correct horse 42",
            "csrf_token": token,
        },
    )
    url = f"/api/v1/lessons/{lesson.id}/progress"
    assert client.post(url, json={"events": []}).status_code == 400
    # the CSRF secret rotates at sign-in (tests/security/test_sessions.py)
    home = client.get("/").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', home).group(1)
    ok = client.post(url, json={"events": []}, headers={"X-CSRFToken": token})
    assert ok.status_code == 200
    bearer_ok = app.test_client().post(
        url, json={"events": []}, headers=bearer(app.test_client(), worker)
    )
    assert bearer_ok.status_code == 200
