"""The action card and what hangs off it: who is behind and where, reminders that carry
the course, lessons left, the local deadline and the next lesson, the audited phone
reveal and station export, the station master's page, the worker's campaign card, the
month table, short chart labels and platform names."""

import gzip
import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from lms.models import AuditEvent, Notification, Role
from lms.services.union import campaigns, notifications
from lms.services.union.labels import short_labels
from lms.services.union.platforms import platform_name
from tests.support.union_city import build_city, complete

NOW = datetime.now(UTC)


def city_with_campaign(factory, db):
    city = build_city(factory)
    extra = factory.person(
        org=city.orgs["station-a2"], name="甲二站骑手", platform="eleme"
    )
    complete(city.worker_a, city.course.lessons[0], NOW - timedelta(days=1))
    campaign = campaigns.create_campaign(
        city.officer_a,
        "夏季防暑急救月",
        [city.course.id],
        [],
        [],
        NOW - timedelta(days=1),
        NOW + timedelta(days=10),
    )
    db.session.commit()
    return city, extra, campaign


def test_card_counts_behind_by_station_worst_first(app, db, factory, client):
    city, extra, campaign = city_with_campaign(factory, db)
    finished = factory.person(org=city.orgs["station-a1"], name="甲站学完")
    for lesson in city.course.lessons:
        complete(finished, lesson, NOW - timedelta(hours=1))
    factory.login(client, city.officer_a)
    page = client.get("/union/dashboard").text
    assert (
        "2 人落后" in page and "/ 3" in page
    )  # a2: 1 of 1, a1: 1 of 2 and "夏季防暑急救月" in page
    a1, a2 = city.orgs["station-a1"].id, city.orgs["station-a2"].id
    assert page.index(f'data-station="{a2}"') < page.index(f'data-station="{a1}"')
    assert "乙站骑手" not in page
    second = campaigns.create_campaign(
        city.officer_a,
        "冬季消防月",
        [city.course.id],
        [],
        [],
        NOW,
        NOW + timedelta(days=30),
    )
    db.session.commit()
    page = client.get("/union/dashboard").text
    assert f"campaign={second.id}" in page and "冬季消防月" in page
    switched = client.get(f"/union/dashboard?campaign={second.id}").text
    assert "学习任务「冬季消防月」" in switched
    assert client.get("/union/dashboard?campaign=99999").status_code == 404


def test_one_tap_reminds_a_station_with_the_edited_text(app, db, factory, client):
    city, extra, campaign = city_with_campaign(factory, db)
    factory.login(client, city.officer_a)
    station = city.orgs["station-a1"].id
    answer = client.post(
        "/union/remind",
        data={
            "station": station,
            "campaign": campaign.id,
            "text": "{name}还差{left}讲，{deadline}前",
        },
    )
    assert answer.status_code == 302
    notice = db.session.scalar(select(Notification))
    local = (NOW + timedelta(days=10)).astimezone(campaigns_zone()).strftime("%H:%M")
    assert notice.person_id == city.worker_a.id and notice.campaign_id == campaign.id
    assert notice.body.startswith("甲站骑手还差1讲") and local in notice.body
    assert notice.lesson_id == city.course.lessons[1].id
    again = client.post("/union/remind", data={"station": station})
    assert again.status_code == 302  # one a day: the database drops the second
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1

    factory.login(client, city.worker_a)
    notices = client.get("/notices/").text
    assert f"/lessons/{city.course.lessons[1].id}" in notices and "UTC" not in notices
    home = client.get("/").text
    assert 'id="my-campaigns"' in home and "夏季防暑急救月" in home


def campaigns_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def test_a_bad_reminder_text_is_refused_and_sends_nothing(app, db, factory, client):
    city, _extra, _campaign = city_with_campaign(factory, db)
    factory.login(client, city.officer_a)
    station = city.orgs["station-a1"].id
    for text in ("{name.__class__}", "{phone}", "{", "x" * 301):
        answer = client.post("/union/remind", data={"station": station, "text": text})
        assert answer.status_code == 422 and "占位符" in answer.text
    outside = client.post("/union/remind", data={"station": city.orgs["station-b1"].id})
    assert outside.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_reveal_and_station_export_are_audited(app, db, factory, client):
    city, extra, _campaign = city_with_campaign(factory, db)
    factory.login(client, city.officer_a)
    member = client.get(f"/union/members/{extra.id}").text
    assert extra.phone not in member
    shown = client.post(
        f"/union/members/{extra.id}/phone",
        data={"reason": "通知补考"},
        headers={"Accept": "application/json"},
    )
    assert shown.json == {"phone": extra.phone}
    station = city.orgs["station-a2"].id
    export = client.get(f"/union/stations/{station}/behind.csv?reason=交站长")
    assert extra.phone in export.data.decode("utf-8-sig")
    assert client.get(f"/union/members/{city.worker_b.id}/phone").status_code == 405
    assert client.post(f"/union/members/{city.worker_b.id}/phone").status_code == 404
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.subject_ids, e.reason) for e in events] == [
        ("phone_reveal", [extra.id], "通知补考"),
        ("member_export", [extra.id], "交站长"),
    ]
    assert all(e.actor_id == city.officer_a.id for e in events)
    assert extra.phone not in client.get("/union/export/members.csv").text


def test_station_master_sees_only_their_station(app, db, factory, client):
    city, extra, _campaign = city_with_campaign(factory, db)
    master = factory.person(Role.STATION_MASTER, org=city.orgs["station-a2"])
    factory.login(client, master)
    page = client.get("/station/").text
    assert f'href="tel:{extra.phone}"' in page and "甲站骑手" not in page
    assert client.get("/union/dashboard").status_code == 403
    client.post("/station/remind", data={"person": extra.id})
    assert db.session.scalar(select(Notification.person_id)) == extra.id
    event = db.session.scalar(select(AuditEvent))
    assert event.action == "phone_reveal" and event.subject_ids == [extra.id]
    factory.login(client, city.worker_a)
    assert client.get("/station/").status_code == 403


def test_idle_basis_without_a_campaign(app, db, factory, client):
    city = build_city(factory)
    complete(city.worker_a, city.course.lessons[0], NOW - timedelta(days=1))
    factory.login(client, city.officer_a)
    page = client.get("/union/dashboard").text
    assert "14 天" in page and "0 人落后" in page
    db.session.commit()
    later = NOW + timedelta(days=20)
    from lms.services.union import behind, dashboards

    ctx = dashboards.resolve(city.officer_a, dashboards.Filters())
    basis = behind.basis_for(ctx, later)
    rows = behind.by_station(ctx, basis)
    assert [(r.behind, r.members) for r in rows if r.members] == [(1, 1)]


def test_month_table_has_members_and_a_running_rate(app, db, factory, client):
    city = build_city(factory)
    for lesson in city.course.lessons:
        complete(city.worker_a, lesson, NOW)
    factory.login(client, city.officer_a)
    page = client.get("/union/dashboard").text
    table = page[page.index('id="chart-trend-table"') :]
    assert "100.0%" in table.split("</table>")[0]


def test_campaign_reminders_link_the_next_lesson_in_app_and_sms(
    app, db, factory, caplog
):
    city, extra, campaign = city_with_campaign(factory, db)
    assert notifications.send_reminders(city.officer_a, campaign, NOW) == 2
    rows = db.session.scalars(select(Notification).order_by(Notification.person_id))
    assert {n.lesson_id for n in rows} == {
        city.course.lessons[0].id,
        city.course.lessons[1].id,
    }
    noon = datetime(2030, 7, 15, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
    with caplog.at_level(logging.INFO, logger="lms.sms"):
        assert notifications.deliver_sms(noon) == 2
    link = f"{app.config['LMS_PUBLIC_URL']}/lessons/{city.course.lessons[1].id}"
    assert link in caplog.text and "还差1讲" in caplog.text


def test_the_campaign_page_sends_the_edited_text(app, db, factory, client):
    city, extra, campaign = city_with_campaign(factory, db)
    factory.login(client, city.officer_a)
    page = client.get(f"/union/campaigns/{campaign.id}").text
    assert 'id="reminder-text"' in page and "王小明" in page
    client.post(f"/union/campaigns/{campaign.id}/remind", data={"text": "{name}加油"})
    bodies = set(db.session.scalars(select(Notification.body)))
    assert bodies == {"甲站骑手加油", "甲二站骑手加油"}


def test_the_dashboard_scripts_weigh_at_most_150_kb_compressed(app, factory, client):
    city = build_city(factory)
    factory.login(client, city.officer_a)
    page = client.get("/union/dashboard").text
    hashed = re.findall(r'<script src="/static/([^"?]+)', page)
    # static names carry a content hash (name.0123456789.js): the file is name.js
    sources = [re.sub(r"\.[0-9a-f]{10}(\.\w+)$", r"\1", s) for s in hashed]
    assert "vendor/chart.js-4.6.1.umd.min.js" in sources
    static = Path(app.static_folder)
    weight = sum(len(gzip.compress((static / s).read_bytes(), 9)) for s in sources)
    assert weight <= 150 * 1024, weight
    assert "<script>" not in page and " onclick=" not in page  # CSP-ready


def test_labels_are_short_and_distinct():
    names = [f"天河区新就业形态劳动者工会{n}" for n in (1, 2, 10)]
    assert short_labels(names) == ["工会1", "工会2", "工会10"]
    assert short_labels(["天河区总工会", "越秀区总工会"]) == ["天河", "越秀"]
    assert all(
        len(x) <= 8 for x in short_labels(["防暑降温与中暑急救知识讲座", "交通"])
    )


def test_platform_keys_show_as_names(app):
    assert platform_name("meituan") == "美团" and platform_name("didi") == "滴滴"
    assert platform_name("old-key") == "其他平台" and platform_name(None) == ""
