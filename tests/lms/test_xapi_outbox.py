"""The xapi channel of the one outbox, against a real LRS (Ralph on loopback):
statement ids of two instances never collide, a 409 for a statement we did send is
a duplicate (delivered) while one for another statement under our id is held, and a
refusal of us (401) stops the channel until `flask xapi resume`."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from lms import config
from lms.models import AuditEvent, Role, XapiState, XapiStatement
from lms.services.xapi import record as xapi
from lms.services.xapi.send import Settings, deliver
from tests.support.lrs import PASSWORD, USERNAME, running_lrs

T0 = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def lrs():
    with running_lrs() as lrs:
        yield lrs


@pytest.fixture
def xapi_on(app, lrs):
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


def states(db):
    rows = db.session.scalars(db.select(XapiStatement).order_by(XapiStatement.id))
    return {r.id: r.state for r in rows}


def forget_statements(db):
    """As if the database were rebuilt: the outbox no longer knows what it sent."""
    db.session.execute(db.delete(XapiStatement))
    db.session.commit()


def test_two_instances_never_make_the_same_statement_id(
    app, db, factory, course, xapi_on, tmp_path, monkeypatch
):
    monkeypatch.delenv("LMS_INSTANCE_ID", raising=False)
    instances = []
    for name in ("one", "two"):  # each with its own data dir, nothing configured
        monkeypatch.setenv("LMS_DATA_DIR", str(tmp_path / name))
        instances.append(config.load()["LMS_INSTANCE_ID"])
    lesson, sids = course.lessons[1], []
    for instance in instances:  # attempt 41 of each: a database id, both times
        app.config["LMS_INSTANCE_ID"] = instance
        worker = factory.person(Role.WORKER)
        sids.append(xapi.record_quiz_result(worker, lesson, 0.9, True, 41, T0))
        db.session.commit()
        assert push(app).delivered == 1
        forget_statements(db)
    assert sids[0] != sids[1]
    assert all(xapi_on.statement(sid) is not None for sid in sids)


def test_a_409_for_a_statement_we_did_send_is_a_duplicate(
    app, db, factory, course, xapi_on
):
    worker = factory.person(Role.WORKER)
    sid = xapi.record_lesson_completed(worker, course.lessons[0], T0)
    db.session.commit()
    assert push(app).delivered == 1
    forget_statements(db)
    # Recorded again, an hour later: the same event (same id), another timestamp,
    # which Ralph answers with 409; it goes in one batch with a new statement.
    later = T0 + timedelta(hours=1)
    assert xapi.record_lesson_completed(worker, course.lessons[0], later) == sid
    other = xapi.record_lesson_completed(worker, course.lessons[1], later)
    db.session.commit()
    report = push(app)
    assert (report.outcome, report.delivered, report.held) == ("empty", 2, 0)
    assert states(db) == {sid: XapiState.DELIVERED, other: XapiState.DELIVERED}
    assert xapi_on.statement(sid)["timestamp"].startswith("2026-11-02T03:00:00")
    assert xapi_on.statement(other) is not None


def test_a_409_for_another_statement_under_our_id_is_held(
    app, db, factory, course, xapi_on
):
    first, second = factory.person(Role.WORKER), factory.person(Role.WORKER)
    sid = xapi.record_quiz_result(first, course.lessons[1], 0.9, True, 7, T0)
    db.session.commit()
    assert push(app).delivered == 1
    forget_statements(db)  # a rebuilt database: attempt 7 is someone else's now
    assert xapi.record_quiz_result(second, course.lessons[1], 0.4, False, 7, T0) == sid
    db.session.commit()
    report = push(app)
    assert (report.outcome, report.delivered, report.held) == ("empty", 0, 1)
    row = db.session.get(XapiStatement, sid)
    assert row.state == XapiState.HELD and row.last_error.startswith("HTTP 409")
    assert xapi.counts() == {"queued": 0, "delivered": 0, "held": 1}


def test_a_refusal_stops_the_channel_until_xapi_resume(
    app, db, factory, course, xapi_on
):
    app.config["LMS_XAPI_PASSWORD"] = "not-the-password"
    worker = factory.person(Role.WORKER)
    sid = xapi.record_course_completed(worker, course, T0)
    db.session.commit()
    report = push(app)
    assert report.outcome == "stopped" and "HTTP 401" in report.error
    assert push(app, respect_backoff=False).outcome == "stopped"
    runner = app.test_cli_runner()
    pushed = runner.invoke(args=["xapi", "push", "--now"])
    assert pushed.exit_code == 1 and pushed.output.startswith("stopped")
    assert "stopped: HTTP 401" in runner.invoke(args=["xapi", "status"]).output
    assert states(db) == {sid: XapiState.QUEUED}  # kept, not held
    app.config["LMS_XAPI_PASSWORD"] = PASSWORD  # the operator fixed the password
    resumed = runner.invoke(args=["xapi", "resume"])
    assert resumed.exit_code == 0, resumed.output
    event = db.session.scalars(db.select(AuditEvent)).one()
    assert event.action == "resume_xapi" and "401" in event.reason
    assert runner.invoke(args=["xapi", "push"]).exit_code == 0
    db.session.expire_all()
    assert states(db) == {sid: XapiState.DELIVERED}
    assert xapi_on.statement(sid) is not None
    assert runner.invoke(args=["xapi", "resume"]).exit_code == 1  # not stopped


def test_the_admin_page_shows_a_stop_and_resumes_and_releases(
    app, client, db, factory, course, xapi_on
):
    admin = factory.person(Role.ADMIN)
    factory.login(client, admin)
    app.config["LMS_XAPI_PASSWORD"] = "not-the-password"
    worker = factory.person(Role.WORKER)
    sid = xapi.record_course_completed(worker, course, T0)
    db.session.commit()
    assert push(app).outcome == "stopped"
    page = client.get("/admin/credits").text
    assert "xAPI 学习记录发送已停止" in page and "HTTP 401" in page
    assert '<dd id="xapi-queued">1</dd>' in page
    assert client.post("/admin/credits/xapi/resume").status_code == 302
    assert "发送将在下一次运行时恢复" in client.get("/admin/credits").text
    event = db.session.scalars(db.select(AuditEvent)).one()
    assert (event.action, event.actor_id) == ("resume_xapi", admin.id)
    assert client.post("/admin/credits/xapi/resume").status_code == 409
    db.session.execute(
        db.update(XapiStatement).values(state=XapiState.HELD, last_error="HTTP 422")
    )
    db.session.commit()
    page = client.get("/admin/credits?lang=en").text
    assert "Sending xAPI statements is stopped" not in page
    assert '<dd id="xapi-held">1</dd>' in page and "Queue held statements again" in page
    assert client.post("/admin/credits/xapi/release").status_code == 302
    assert states(db) == {sid: XapiState.QUEUED}
    app.config["LMS_XAPI_PASSWORD"] = PASSWORD
    assert push(app).delivered == 1
