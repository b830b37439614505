"""Certificates that expire and renew, with a frozen clock (`now` passed explicitly, as
the services take it): a 12-month certificate expires; reminders go out 60 and 14
days before; public verification then says 已过期 (not revoked); the refresher renews
it; and refresher lessons earn credit once per renewal period."""

from datetime import UTC, datetime, timedelta

import pytest

from lms.errors import Conflict
from lms.models import (
    Certificate,
    CreditEntry,
    Notification,
    OrgKind,
    Role,
)
from lms.services.credits import certificates_verify, expiry, renewals
from lms.services.learning import events, progress

T0 = datetime(2025, 1, 10, 3, 0, tzinfo=UTC)  # long past: expired by today's clock
EXPIRES = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def course(factory, sample_course_dir):
    yaml = sample_course_dir / "course.yaml"
    yaml.write_text(
        yaml.read_text("utf-8")
        + "certificate:\n  valid_months: 12\n  refresher:\n    lessons: [rain-riding]\n",
        "utf-8",
    )
    return factory.course(sample_course_dir)


@pytest.fixture
def worker(factory):
    station = factory.org("station-tianhe-1", OrgKind.STATION)
    return factory.person(Role.WORKER, org=station, name="张三明")


def take(db, person, lessons, now):
    for lesson in lessons:
        progress.open_lesson(person, lesson, now - timedelta(minutes=10))
        progress.mark_guide_read(person, lesson, now)
    db.session.commit()


def certificates_of(db, person):
    query = db.select(Certificate).where(Certificate.person_id == person.id)
    return db.session.scalars(query.order_by(Certificate.generation)).all()


def lesson_entries(db, person, code):
    query = db.select(CreditEntry).where(
        CreditEntry.person_pk == person.id, CreditEntry.lesson_code == code
    )
    return db.session.scalars(query).all()


def test_the_course_file_declares_validity_and_refresher(course):
    assert course.validity_months == 12
    assert course.refresher_lessons == ["rain-riding"]
    assert course.refresher_by_class is False


def test_a_12_month_certificate_expires_and_verification_says_expired(
    app, db, course, worker
):
    take(db, worker, course.lessons, T0)
    (cert,) = certificates_of(db, worker)
    assert cert.expires_at == EXPIRES
    before = certificates_verify.public_view(cert.id, EXPIRES - timedelta(seconds=1))
    after = certificates_verify.public_view(cert.id, EXPIRES)
    assert (before.is_expired, after.is_expired) == (False, True)
    assert after.is_genuine and after.revoked_on is None

    anonymous = app.test_client()
    page = anonymous.get(f"/verify/{cert.id}").get_data(as_text=True)
    assert 'data-testid="expired"' in page and "已过期" in page
    assert "2026-01-10" in page and "撤销" not in page and "✓" not in page
    answer = anonymous.post("/verify/credential", data=cert.credential)
    assert answer.status_code == 422 and answer.json["reason"] == "expired"
    assert answer.json["certificate"]["expired"] is True


def test_reminders_go_out_60_and_14_days_before_expiry_once_each(
    app, db, course, worker
):
    take(db, worker, course.lessons, T0)
    (cert,) = certificates_of(db, worker)
    sent = []
    for days_left in (61, 60, 60, 30, 14, 14, 5):
        sent.append(expiry.send_reminders(EXPIRES - timedelta(days=days_left)))
        db.session.commit()
    assert sent == [0, 1, 0, 0, 1, 0, 0]
    notices = db.session.scalars(
        db.select(Notification).order_by(Notification.id)
    ).all()
    assert [n.kind for n in notices] == [f"cert60:{cert.id}", f"cert14:{cert.id}"]
    for notice in notices:
        assert "示例课程：雨天安全骑行" in notice.body and "2026-01-10" in notice.body
        assert notice.link == f"/courses/{course.id}/certificate#refresher"
    assert expiry.send_reminders(EXPIRES + timedelta(days=1)) == 0


def test_the_refresher_renews_and_pays_its_lessons_once_per_period(
    app, db, course, worker
):
    take(db, worker, course.lessons, T0)
    (old,) = certificates_of(db, worker)
    refresher = [x for x in course.lessons if x.code == "rain-riding"]
    early = EXPIRES - timedelta(days=61)
    with pytest.raises(Conflict):  # the window opens 60 days before expiry
        renewals.start_refresher(worker, course, early)
    now = EXPIRES - timedelta(days=10)
    assert renewals.start_refresher(worker, course, now) == refresher
    db.session.commit()
    assert len(certificates_of(db, worker)) == 1  # not renewed by opening it
    take(db, worker, refresher, now + timedelta(hours=1))

    old, new = certificates_of(db, worker)
    assert (new.generation, new.renews_id) == (2, old.id)
    assert new.expires_at == datetime(2026, 12, 31, 4, 0, tzinfo=UTC)
    assert str(new.credit_hours) == "0.25"  # what the refresher earned
    entries = lesson_entries(db, worker, "rain-riding")
    assert len(entries) == 2  # the first time, and once in the renewal period
    assert certificates_verify.public_view(new.id, now).is_expired is False

    # replaying the completion, or taking the lesson again, pays nothing more
    later = now + timedelta(days=2)
    events.lesson_completed.send(worker, lesson=refresher[0], now=later)
    progress.reopen(worker, refresher[0], later)
    take(db, worker, refresher, later + timedelta(hours=1))
    assert len(lesson_entries(db, worker, "rain-riding")) == 2
    assert len(certificates_of(db, worker)) == 2
    with pytest.raises(Conflict):
        renewals.start_refresher(worker, course, later)


def test_the_certificate_page_shows_expiry_and_offers_the_refresher(
    client, db, factory, course, worker
):
    now = datetime.now(UTC)
    take(db, worker, course.lessons, now - timedelta(days=330))
    factory.login(client, worker)
    page = client.get(f"/courses/{course.id}/certificate").get_data(as_text=True)
    assert 'data-testid="expires-on"' in page and "有效期至" in page
    assert 'id="refresher"' in page and "开始复训" in page
    answer = client.post(f"/courses/{course.id}/refresher")
    first = next(x for x in course.lessons if x.code == "rain-riding")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/lessons/{first.id}")


def test_union_dashboard_counts_certificates_expiring_in_60_days_per_station(
    client, db, factory, course, worker
):
    now = datetime.now(UTC)
    take(db, worker, course.lessons, now - timedelta(days=330))
    other = factory.person(Role.WORKER, org=worker.organisation)
    take(db, other, course.lessons, now - timedelta(days=100))  # not within 60 days
    officer = factory.person(Role.UNION_ADMIN, org=factory.org("union-elsewhere"))
    factory.login(client, officer)
    page = client.get("/union/dashboard").get_data(as_text=True)
    assert "60 天内到期的证书" in page
    assert "组织 station-tianhe-1" not in page  # the officer's scope is empty
    admin = factory.person(Role.ADMIN)
    client.post("/logout")
    factory.login(client, admin)
    page = client.get("/union/dashboard").get_data(as_text=True)
    table = page[page.index('data-testid="expiring"') :]
    assert '组织 station-tianhe-1</td><td class="num">1</td>' in table


@pytest.mark.parametrize(
    "block, message",
    [
        ("certificate:\n  valid_months: 0\n", "valid_months"),
        ("certificate:\n  valid_months: 12\n", "refresher"),
        (
            "certificate:\n  valid_months: 12\n  refresher:\n    lessons: [nope]\n",
            "复训课时“nope”",
        ),
    ],
)
def test_a_bad_certificate_block_is_refused_with_its_line(
    sample_course_dir, block, message
):
    from courses.loader import load_course
    from courses.spec import CourseInvalid

    yaml = sample_course_dir / "course.yaml"
    yaml.write_text(yaml.read_text("utf-8") + block, "utf-8")
    with pytest.raises(CourseInvalid) as error:
        load_course(sample_course_dir)
    assert any(message in p.message and p.line == 10 for p in error.value.problems)


def test_a_passed_station_class_renews_when_the_course_accepts_one(
    db, factory, sample_course_dir
):
    from lms.models import StationClass
    from lms.services.classes import attendance, checks, signups

    yaml = sample_course_dir / "course.yaml"
    yaml.write_text(
        yaml.read_text("utf-8")
        + "certificate:\n  valid_months: 12\n  refresher:\n    class: true\n",
        "utf-8",
    )
    course = factory.course(sample_course_dir)
    station = factory.org("station-tianhe-2", OrgKind.STATION)
    worker = factory.person(Role.WORKER, org=station)
    take(db, worker, course.lessons, T0)
    now = EXPIRES - timedelta(days=20)
    cls = StationClass(
        station_id=station.id,
        course_id=course.id,
        trainer_id=factory.person(Role.TRAINER).id,
        title="心肺复苏复训",
        starts_at=now,
        ends_at=now + timedelta(hours=1),
        capacity=5,
        skills=["胸外按压"],
        credit_hours="0.50",
        secret="s" * 32,
    )
    db.session.add(cls)
    db.session.flush()
    row = signups.sign_up(worker, cls, now - timedelta(days=1))
    attendance.mark_by_hand(cls.trainer, cls, row.id, "点名", now)
    checks.record_check(cls.trainer, cls, row.id, 0, "pass", now)
    db.session.commit()
    old, new = certificates_of(db, worker)
    assert (new.renews_id, new.generation, str(new.credit_hours)) == (old.id, 2, "0.50")
    (entry,) = db.session.scalars(
        db.select(CreditEntry).where(CreditEntry.kind == "practical")
    ).all()
    assert entry.title.startswith("线下实操课：心肺复苏复训")


def test_the_pdf_prints_the_expiry(client, db, factory, course, worker, tmp_path):
    import subprocess

    take(db, worker, course.lessons, T0)
    factory.login(client, worker)
    response = client.get(f"/courses/{course.id}/certificate.pdf")
    assert response.status_code == 200
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    ).stdout
    assert "有效期至2026-01-10" in "".join(text.split())
