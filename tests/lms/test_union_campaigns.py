"""Campaigns: the form, progress over the officer's own members, reminders through
the outbox (quiet hours, at most one a day per person by constraint), SMS by log."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.models import Notification, SmsState
from lms.services.union import campaigns, notifications
from tests.support.union_city import build_city, complete

LATE = datetime(2026, 7, 15, 14, 30, tzinfo=UTC)  # 22:30 in Shanghai: quiet hours
NEXT_MORNING = datetime(2026, 7, 16, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai


def test_campaign_form_progress_and_reminders(app, db, factory, client, caplog):
    city = build_city(factory)
    extra = factory.person(
        org=city.orgs["station-a2"], name="甲二站骑手", platform="eleme"
    )
    for lesson in city.course.lessons:
        complete(city.worker_a, lesson, LATE - timedelta(days=1))
    factory.login(client, city.officer_a)
    created = client.post(
        "/union/campaigns",
        data={
            "title": "夏季防暑急救月",
            "courses": [city.course.id],
            "platforms": [],
            "organisations": [],
            "starts_at": "2026-07-01T08:00",
            "deadline_at": "2026-07-31T20:00",
        },
    )
    assert created.status_code == 302
    page = client.get(created.location)
    assert 'id="participants">2<' in page.text and 'id="finished">1<' in page.text
    assert "甲二站骑手" in page.text and "乙站骑手" not in page.text
    campaign = db.session.scalar(select(campaigns.Campaign))

    assert notifications.send_reminders(city.officer_a, campaign, LATE) == 1
    assert (
        notifications.send_reminders(city.officer_a, campaign, LATE) == 0
    )  # once a day
    db.session.commit()
    notice = db.session.scalar(select(Notification))
    assert notice.person_id == extra.id and notice.send_after == NEXT_MORNING
    assert "夏季防暑急救月" in notice.body

    assert notifications.deliver_sms(LATE + timedelta(minutes=30)) == 0  # quiet hours
    with caplog.at_level(logging.INFO, logger="lms.sms"):
        assert notifications.deliver_sms(NEXT_MORNING + timedelta(minutes=1)) == 1
    db.session.commit()
    assert (
        f"{extra.phone[:3]}****{extra.phone[-4:]}" in caplog.text
        and extra.phone not in caplog.text  # see tests/security/test_breach.py
        and db.session.get(Notification, notice.id).sms_state == SmsState.SENT
    )

    factory.login(client, extra)
    assert "夏季防暑急救月" in client.get("/notices/").text
    assert "(1)" in client.get("/").text
    client.post("/notices/read")
    assert "(1)" not in client.get("/").text


def test_the_database_refuses_a_second_reminder_the_same_day(app, db, factory):
    city = build_city(factory)
    day = LATE.date()
    for _ in range(2):
        db.session.add(
            Notification(
                person_id=city.worker_a.id,
                kind="reminder",
                day=day,
                body="x",
                send_after=LATE,
            )
        )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_city_campaign_counts_each_officer_over_their_own_members(app, db, factory):
    city = build_city(factory)
    campaign = campaigns.create_campaign(
        city.admin,
        "全市",
        [city.course.id],
        [],
        ["eleme"],
        LATE,
        LATE + timedelta(days=10),
    )
    db.session.commit()
    assert campaigns.get_campaign(city.officer_b, campaign.id) is campaign
    assert campaigns.progress(city.officer_b, campaign).participants == 1
    assert campaigns.progress(city.officer_a, campaign).participants == 0
    assert notifications.send_reminders(city.officer_a, campaign, NEXT_MORNING) == 0
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_the_outbox_task_sends_due_sms_in_daytime(app, db, factory):
    from lms.tasks import deliver_notifications, rebuild_union_counters

    city = build_city(factory)
    db.session.add(
        Notification(
            person_id=city.worker_a.id,
            kind="reminder",
            day=LATE.date(),
            body="提醒",
            send_after=LATE,
        )
    )
    db.session.commit()
    sent = deliver_notifications()
    assert sent == (0 if notifications.quiet_until(datetime.now(UTC)) else 1)
    assert rebuild_union_counters()["member_stats"] == 0
