"""xAPI statements to a real learning record store (Ralph on loopback): what is
recorded, that the LRS stores it, and that re-sends and replays never duplicate."""

import json
import random
import socket
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from lms.models import LessonProgress, Role, XapiState, XapiStatement
from lms.services.xapi import record as xapi
from lms.services.xapi import statements as xapi_statements
from lms.services.xapi.send import Settings, deliver
from tests.support.lrs import PASSWORD, USERNAME, running_lrs

T0 = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def lrs():
    with running_lrs() as lrs:
        yield lrs


@pytest.fixture
def xapi_on(app, lrs):
    """xAPI pointed at the LRS; a fresh instance id per test, so statement ids (made
    from it) never meet those of another test in the shared LRS."""
    app.config.update(
        LMS_XAPI_URL=lrs.url,
        LMS_XAPI_USERNAME=USERNAME,
        LMS_XAPI_PASSWORD=PASSWORD,
        LMS_XAPI_TIMEOUT=10.0,
        LMS_INSTANCE_ID=f"test-{uuid.uuid4().hex[:12]}",
    )
    return lrs


@pytest.fixture
def course(factory, sample_course_dir):
    return factory.course(sample_course_dir)


def push(app, **kw):
    return deliver(Settings.from_config(app.config), **kw)


def account(app, person):
    return {"homePage": app.config["LMS_PUBLIC_URL"], "name": person.person_id}


def rows(db):
    return list(db.session.scalars(db.select(XapiStatement)))


def complete_by_reading(client, db, lesson):
    """Open the lesson, let the guide's dwell time pass, mark it read (completes it)."""
    client.get(f"/api/v1/lessons/{lesson.id}")
    row = db.session.scalar(
        db.select(LessonProgress).where(LessonProgress.lesson_id == lesson.id)
    )
    row.first_opened_at -= timedelta(minutes=10)
    db.session.commit()
    return client.post(f"/api/v1/lessons/{lesson.id}/guide-read").json


def test_a_completed_course_reaches_the_lrs(app, client, db, factory, course, xapi_on):
    worker = factory.person(Role.WORKER, name="张三明")
    factory.login(client, worker)
    for lesson in course.lessons:
        assert complete_by_reading(client, db, lesson)["completed"] is True
    assert {r.verb for r in rows(db)} == {"completed"} and len(rows(db)) == 3

    report = push(app)
    assert (report.outcome, report.delivered, report.counts["queued"]) == (
        "empty",
        3,
        0,
    )
    stored = xapi_on.statements_of(account(app, worker))
    assert sorted(s["id"] for s in stored) == sorted(r.id for r in rows(db))
    lesson_id = xapi_statements.statement_id(
        f"lesson-completed/{worker.person_id}/sample-101/rain-riding"
    )
    first = next(s for s in stored if s["id"] == lesson_id)
    assert first["verb"]["display"]["zh-CN"] == "完成了"
    assert first["object"]["definition"]["name"] == {"zh-CN": "雨天骑行三要点"}
    assert first["actor"]["account"] == account(app, worker)
    parent = first["context"]["contextActivities"]["parent"][0]
    assert parent["definition"]["name"] == {"zh-CN": "示例课程：雨天安全骑行"}
    assert worker.phone not in json.dumps(stored) and "张三明" not in json.dumps(stored)


def test_a_resend_or_a_replayed_event_never_duplicates(
    app, db, factory, course, xapi_on
):
    worker = factory.person(Role.WORKER)
    lesson = course.lessons[0]
    first = xapi.record_lesson_completed(worker, lesson, T0)
    again = xapi.record_lesson_completed(worker, lesson, T0 + timedelta(hours=1))
    db.session.commit()
    assert first == again and len(rows(db)) == 1
    assert push(app).delivered == 1

    # As if the answer had been lost: the statement is queued again and re-sent.
    db.session.execute(db.update(XapiStatement).values(state=XapiState.QUEUED))
    db.session.commit()
    report = push(app)
    assert (report.delivered, report.counts["delivered"]) == (1, 1)
    stored = xapi_on.statements_of(account(app, worker))
    assert [s["id"] for s in stored] == [first]
    assert xapi_on.statement(first)["timestamp"].startswith("2026-11-02T03:00:00")


def test_quiz_results_are_passed_and_failed_statements(
    app, db, factory, course, xapi_on
):
    worker = factory.person(Role.WORKER)
    lesson = course.lessons[1]
    failed = xapi.record_quiz_result(worker, lesson, 0.5, False, 41, T0)
    passed = xapi.record_quiz_result(worker, lesson, 0.9, True, 42, T0)
    xapi.record_quiz_result(worker, lesson, 0.9, True, 42, T0)  # replayed: ignored
    db.session.commit()
    assert push(app).delivered == 2
    failed_s, passed_s = xapi_on.statement(failed), xapi_on.statement(passed)
    assert failed_s["verb"]["display"]["zh-CN"] == "未通过"
    assert failed_s["result"] == {
        "score": {"scaled": 0.5},
        "success": False,
        "completion": True,
    }
    assert passed_s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert passed_s["object"]["definition"]["type"].endswith("/activities/assessment")
    parent = passed_s["context"]["contextActivities"]["parent"][0]
    assert parent["definition"]["name"] == {"zh-CN": "让别人看见你"}


def test_an_lrs_that_is_down_keeps_statements_queued_with_back_off(
    app, db, factory, course, xapi_on
):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    app.config["LMS_XAPI_URL"] = f"http://127.0.0.1:{port}/xAPI"
    worker = factory.person(Role.WORKER)
    xapi.record_course_completed(worker, course, T0)
    db.session.commit()
    report = push(app, clock=lambda: T0, rng=random.Random(1))
    assert (report.outcome, report.counts["queued"]) == ("retry", 1)
    row = rows(db)[0]
    assert row.attempts == 1 and "ConnectionError" in row.last_error
    assert (
        T0 + timedelta(seconds=15) <= row.next_attempt_at <= T0 + timedelta(seconds=30)
    )
    # not due yet: not tried ("waiting", as for the points export: one outbox core)
    assert push(app, clock=lambda: T0 + timedelta(seconds=5)).outcome == "waiting"
    assert rows(db)[0].attempts == 1

    app.config["LMS_XAPI_URL"] = xapi_on.url  # back up: `flask xapi push` sends now
    result = app.test_cli_runner().invoke(args=["xapi", "push"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert rows(db)[0].state == XapiState.DELIVERED
    assert xapi_on.statement(row.id) is not None


def test_a_statement_the_lrs_refuses_fails_alone(app, db, factory, course, xapi_on):
    worker = factory.person(Role.WORKER)
    good = xapi.record_lesson_completed(worker, course.lessons[0], T0)
    broken = str(uuid.uuid4())  # no actor: the LRS refuses it (Ralph: 422)
    db.session.add(
        XapiStatement(
            id=broken,
            person_id=worker.id,
            verb="completed",
            state=XapiState.QUEUED,
            statement={
                "id": broken,
                "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
                "object": {"id": "http://example.org/a"},
            },
            attempts=0,
            created_at=T0 - timedelta(minutes=1),
        )
    )
    db.session.commit()
    report = push(app)
    assert (report.delivered, report.failed, report.outcome) == (1, 1, "empty")
    by_id = {r.id: r for r in rows(db)}
    assert by_id[good].state == XapiState.DELIVERED
    assert by_id[broken].state == XapiState.FAILED
    assert by_id[broken].last_error.startswith("HTTP 4")
    assert xapi.requeue_failed() == 1
    db.session.commit()
    assert xapi.counts()["queued"] == 1


def test_off_when_no_lrs_is_configured(app, client, db, factory, course):
    worker = factory.person(Role.WORKER)
    factory.login(client, worker)
    complete_by_reading(client, db, course.lessons[0])
    assert xapi.record_quiz_result(worker, course.lessons[0], 1.0, True, 7, T0) is None
    assert rows(db) == [] and push(app).outcome == "off"


def test_the_periodic_task_delivers(app, db, factory, course, xapi_on):
    from lms import tasks

    worker = factory.person(Role.WORKER)
    xapi.record_course_completed(worker, course, T0)
    db.session.commit()
    result = tasks.push_xapi()
    assert (result["outcome"], result["delivered"], result["queued"]) == ("empty", 1, 0)
