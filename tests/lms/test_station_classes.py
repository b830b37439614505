"""Station classes with a frozen clock: scheduling refuses bad input whole; places,
the waiting list that moves up, cancelling until 2 h before; reminders the day before
and 1 h before; the rotating code (a code a minute old is refused, present once);
attendance by hand with a logged reason; practical checks earn one `practical` ledger
entry for those who passed; officers see figures in their scope."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from lms.errors import Conflict, Forbidden, Invalid
from lms.models import (
    AuditEvent,
    CreditEntry,
    Notification,
    OrgKind,
    Role,
    StationClass,
)
from lms.services.classes import (
    attendance,
    checks,
    reminders,
    reports,
    schedule,
    signups,
)

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
START = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)  # 14:00 in Shanghai, two days on


@pytest.fixture
def course(factory, sample_course_dir):
    return factory.course(sample_course_dir)


@pytest.fixture
def station(factory):
    factory.org("union-tianhe")
    return factory.org("station-tianhe-1", OrgKind.STATION, parent="union-tianhe")


@pytest.fixture
def trainer(factory):
    return factory.person(Role.TRAINER, name="王教练")


def form(station, course, **changes):
    values = dict(
        station_id=str(station.id),
        course_id=str(course.id),
        lesson_id="",
        starts_local="2026-12-03T14:00",
        duration_min="60",
        capacity="1",
        bring="手机、工牌",
        skills="胸外按压 2 分钟，深度与频率合格\n灭火器 PASS 操作",
        credit_hours="0.50",
    )
    return schedule.ClassForm(**(values | changes))


def scheduled(db, trainer, station, course, **changes) -> StationClass:
    cls = schedule.schedule_class(trainer, form(station, course, **changes), NOW)
    db.session.commit()
    return cls


def test_scheduling_keeps_local_time_and_refuses_bad_input(
    db, trainer, station, course, factory
):
    cls = scheduled(db, trainer, station, course)
    assert cls.starts_at == START and cls.ends_at == START + timedelta(hours=1)
    assert cls.skills == ["胸外按压 2 分钟，深度与频率合格", "灭火器 PASS 操作"]
    assert cls.title == course.title and cls.credit_hours == Decimal("0.50")
    for bad in (
        {"starts_local": "2026-11-30T14:00"},
        {"starts_local": "tomorrow"},
        {"capacity": "0"},
        {"skills": "  "},
        {"credit_hours": "abc"},
        {"course_id": "x"},
    ):
        with pytest.raises(Invalid):
            schedule.schedule_class(trainer, form(station, course, **bad), NOW)
    other = factory.org("station-elsewhere", OrgKind.STATION)
    master = factory.person(Role.STATION_MASTER, org=other)
    with pytest.raises(Forbidden):
        schedule.schedule_class(master, form(station, course), NOW)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(StationClass.id))) == 1


def test_waiting_list_moves_up_and_cancelling_stops_2_hours_before(
    db, factory, trainer, station, course
):
    cls = scheduled(db, trainer, station, course)
    first, second, third = (factory.person(Role.WORKER, org=station) for _ in "abc")
    assert signups.sign_up(first, cls, NOW).state == "confirmed"
    assert signups.sign_up(second, cls, NOW + timedelta(minutes=1)).state == "waiting"
    assert signups.sign_up(third, cls, NOW + timedelta(minutes=2)).state == "waiting"
    assert signups.sign_up(first, cls, NOW).state == "confirmed"  # twice: no change
    signups.cancel(first, cls, START - timedelta(hours=3))
    states = {r.person_id: r.state for r in signups.roster(cls)}
    assert states == {second.id: "confirmed", third.id: "waiting"}
    with pytest.raises(Conflict):
        signups.cancel(second, cls, START - timedelta(minutes=119))
    assert [c.id for c in signups.classes_near(third, NOW)] == [cls.id]


def test_reminders_the_day_before_and_an_hour_before(
    db, factory, trainer, station, course
):
    cls = scheduled(db, trainer, station, course)
    worker = factory.person(Role.WORKER, org=station)
    signups.sign_up(worker, cls, NOW)
    at = [START - timedelta(hours=h) for h in (25, 24, 23, 1, 0.5)]
    assert [reminders.send_reminders(t) for t in at] == [0, 1, 0, 1, 0]
    db.session.commit()
    notices = db.session.scalars(db.select(Notification)).all()
    assert sorted(n.kind for n in notices) == [
        f"class1h:{cls.id}",
        f"class24h:{cls.id}",
    ]
    assert all("14:00" in n.body and n.link == f"/classes/{cls.id}" for n in notices)


def test_the_rotating_code_marks_present_once_and_an_old_code_is_refused(
    db, factory, trainer, station, course
):
    cls = scheduled(db, trainer, station, course, capacity="2")
    worker, late = (factory.person(Role.WORKER, org=station) for _ in "ab")
    signups.sign_up(worker, cls, NOW)
    with pytest.raises(Conflict):  # no code before the class
        attendance.current_code(cls, NOW)
    shown = START + timedelta(minutes=5)
    code = attendance.current_code(cls, shown)
    assert attendance.current_code(cls, shown + timedelta(seconds=20)) != code
    with pytest.raises(Invalid):  # a screenshot sent a minute later
        attendance.check_in(worker, cls, code, shown + timedelta(seconds=60))
    with pytest.raises(Invalid):  # another class's code
        other = scheduled(db, trainer, station, course)
        attendance.check_in(worker, cls, attendance.current_code(other, shown), shown)
    row = attendance.check_in(worker, cls, code, shown + timedelta(seconds=5))
    assert (row.present_at, row.attendance_by) == (shown + timedelta(seconds=5), "code")
    again = attendance.current_code(cls, shown + timedelta(seconds=30))
    attendance.check_in(worker, cls, again, shown + timedelta(seconds=30))
    assert row.present_at == shown + timedelta(seconds=5)  # marked once
    with pytest.raises(Forbidden):  # no place in the class
        attendance.check_in(late, cls, again, shown + timedelta(seconds=30))


def test_attendance_by_hand_needs_a_reason_and_is_audited(
    db, factory, trainer, station, course
):
    cls = scheduled(db, trainer, station, course)
    worker = factory.person(Role.WORKER, org=station)
    row = signups.sign_up(worker, cls, NOW)
    with pytest.raises(Invalid):
        attendance.mark_by_hand(trainer, cls, row.id, " ", START)
    attendance.mark_by_hand(trainer, cls, row.id, "手机没电", START)
    db.session.commit()
    event = db.session.scalar(db.select(AuditEvent))
    assert (event.action, event.reason, event.subject_ids) == (
        "class_attendance",
        "手机没电",
        [worker.id],
    )
    assert row.attendance_by == "hand"


def test_passing_every_check_earns_one_practical_entry(
    db, factory, trainer, station, course
):
    cls = scheduled(db, trainer, station, course, capacity="2")
    passer, retrier = (factory.person(Role.WORKER, org=station) for _ in "ab")
    rows = [signups.sign_up(p, cls, NOW) for p in (passer, retrier)]
    for row in rows:
        attendance.mark_by_hand(trainer, cls, row.id, "点名", START)
    at = START + timedelta(minutes=30)
    checks.record_check(trainer, cls, rows[0].id, 0, "pass", at)
    checks.record_check(trainer, cls, rows[0].id, 1, "retry", at)
    checks.record_check(trainer, cls, rows[1].id, 0, "pass", at)
    assert db.session.scalar(db.select(db.func.count(CreditEntry.seq))) == 0
    checks.record_check(trainer, cls, rows[0].id, 1, "pass", at)
    checks.record_check(trainer, cls, rows[0].id, 1, "retry", at)  # a slip,
    checks.record_check(trainer, cls, rows[0].id, 1, "pass", at)  # corrected
    with pytest.raises(Invalid):
        checks.record_check(trainer, cls, rows[1].id, 5, "pass", at)
    db.session.commit()
    assert (rows[0].passed_at, rows[1].passed_at) == (at, None)  # announced once
    (entry,) = db.session.scalars(db.select(CreditEntry)).all()
    contract = entry.as_contract()
    assert (contract["kind"], contract["person_id"]) == ("practical", passer.person_id)
    assert (contract["course_code"], contract["lesson_code"]) == ("sample-101", None)
    assert contract["credit_hours"] == "0.50"
    assert (
        cls.title in contract["title"] and "组织 station-tianhe-1" in contract["title"]
    )

    officer = factory.person(Role.UNION_ADMIN, org=station.parent)
    (report,) = reports.classes_in_scope(officer)
    assert (report.figures.present, report.figures.passed) == (2, 1)
    assert report.figures.pass_rate == 0.5
    outsider = factory.person(Role.UNION_ADMIN, org=factory.org("union-far"))
    assert reports.classes_in_scope(outsider) == []


def test_the_reminder_tasks_run_the_services(
    app, db, factory, trainer, station, course
):
    from lms import tasks

    cls = scheduled(db, trainer, station, course)
    signups.sign_up(factory.person(Role.WORKER, org=station), cls, NOW)
    cls.starts_at = datetime.now(UTC) + timedelta(minutes=30)
    cls.ends_at = cls.starts_at + timedelta(hours=1)
    db.session.commit()
    assert tasks.remind_class_sign_ups() == 1
    assert tasks.remind_class_sign_ups() == 0
    assert tasks.remind_expiring_certificates() == 0


def test_pages_refuse_bad_input_in_chinese_and_show_scoped_reports(
    client, db, factory, trainer, station, course
):
    factory.login(client, trainer)
    bad = form(station, course, capacity="0", starts_local="2099-01-01T09:00").__dict__
    answer = client.post("/classes/run/new", data=bad)
    body = answer.get_data(True)
    assert answer.status_code == 422 and "名额应为 1 到 200" in body, body[
        body.find("<main") :
    ][:400]
    assert db.session.scalar(db.select(db.func.count(StationClass.id))) == 0
    good = form(station, course, starts_local="2099-01-01T09:00").__dict__
    assert client.post("/classes/run/new", data=good).status_code == 302
    cls = db.session.scalar(db.select(StationClass))
    page = client.get(f"/classes/stations/{station.id}").get_data(True)
    assert "即将开课的线下实操课" in page and f"/classes/{cls.id}" in page
    stale = client.get(f"/classes/{cls.id}/checkin?code=1.x")
    assert stale.status_code == 409 and "不在上课时间" in stale.get_data(True)
    client.post("/logout")
    worker = factory.person(Role.WORKER, org=station)
    factory.login(client, worker)
    assert client.get(f"/classes/run/{cls.id}").status_code == 403
    assert client.get("/union/classes/").status_code == 403
    client.post("/logout")
    factory.login(client, factory.person(Role.UNION_ADMIN, org=station.parent))
    page = client.get("/union/classes/").get_data(True)
    assert (
        "线下实操课" in page and cls.title in page and "组织 station-tianhe-1" in page
    )
