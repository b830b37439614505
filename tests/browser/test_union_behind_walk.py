"""On the synthetic city (scale 0.05: 1,310 workers, 270 stations), in Debian's
Chromium: a district officer at 1366x768 and on a phone finds the action card in the
first screen, stations worst first, reminds one station's members behind with one tap
(after editing the text), reveals a phone and exports the station's list (both in the
audit log); a reminded worker sees the campaign and the notice on their phone, and the
notice opens their next lesson; their station master calls and reminds from a phone."""

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.models import AuditEvent, Course, Notification, Organisation, Person, Role
from lms.services.accounts.auth import set_password
from lms.services.seed import synth
from lms.services.union import behind, campaigns
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser
DESK = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}
PHONE = {
    "viewport": {"width": 360, "height": 640},
    "locale": "zh-CN",
    "has_touch": True,
}
SHOTS = Path("/tmp/shots/union")


def sign_in(context, live_server, phone):
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#phone", phone)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def shot(page, name, full=False):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def build(db, factory):
    synth.synth(scale=0.05)
    org = {o.code: o for o in db.session.scalars(select(Organisation))}
    admin = factory.person(Role.ADMIN, org=org["syn-city"], name="市总管理员")
    officer = factory.person(Role.UNION_ADMIN, org=org["syn-d00"], name="天河主席")
    course = db.session.scalar(select(Course).order_by(Course.code))
    now = datetime.now(UTC)
    campaign = campaigns.create_campaign(
        admin,
        "夏季防暑急救月",
        [course.id],
        [],
        [],
        now - timedelta(days=1),
        now + timedelta(days=20),
    )
    db.session.commit()
    return officer, campaign


def station_shares(page) -> list[float]:
    cells = page.locator("#action-card tbody tr td:nth-child(3)")
    return [float(v) for v in cells.evaluate_all("c => c.map(x => x.dataset.value)")]


def test_officer_reminds_a_station_and_the_worker_lands_on_the_lesson(
    app, db, factory, live_server, browser
):
    officer, campaign = build(db, factory)
    desk = browser.new_context(**DESK)
    page = sign_in(desk, live_server, officer.phone)
    page.goto(f"{live_server}/union/dashboard")
    card = page.locator("#action-card")
    assert card.bounding_box()["y"] + 120 < 768  # heading and first rows on screen
    assert "人落后" in page.locator("#behind-title").inner_text()
    assert "夏季防暑急救月" in page.locator("#behind-definition").inner_text()
    shares = station_shares(page)
    assert len(shares) >= 3 and shares == sorted(shares, reverse=True)
    page.wait_for_function("document.documentElement.dataset.chartsDrawn === '4'")
    shot(page, "dashboard-1366")
    shot(page, "dashboard-1366-full", full=True)

    page.locator(".reminder-text summary").click()
    page.fill(
        "#reminder-text", "{name}：请在{deadline}前学完《{course}》，还差{left}讲"
    )
    assert "王小明：请在" in page.locator("#reminder-preview").inner_text()
    first = page.locator("#action-card tbody tr").first
    station_id = int(first.get_attribute("data-station"))
    expected = int(first.locator("td").nth(1).get_attribute("data-value"))
    first.get_by_role("button", name="一键提醒").click()
    page.wait_for_url(lambda url: "/union/dashboard" in url)
    assert (
        f"{expected} 人中已提醒 {expected} 人"
        in page.locator("[role=status]").inner_text()
    )
    shot(page, "dashboard-reminded")

    db.session.commit()  # end the test's read transaction: see what the server wrote
    sent = db.session.scalars(
        select(Notification).where(Notification.campaign_id == campaign.id)
    ).all()
    assert len(sent) == expected
    worker = db.session.get(Person, sent[0].person_id)
    assert worker.organisation_id == station_id and "还差" in sent[0].body

    with page.expect_download() as download:
        first.get_by_role("link", name="导出给站长").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    phones = [row[2] for row in sheet.active.iter_rows(min_row=2, values_only=True)]
    assert worker.phone in phones and len(phones) == expected

    page.goto(f"{live_server}/union/members/{worker.id}")
    assert worker.phone not in page.content()
    page.fill("input[name=reason]", "通知站长补课")
    page.get_by_role("button", name="显示号码").click()
    page.wait_for_selector(f"a[href='tel:{worker.phone}']")
    assert page.get_by_role("button", name="显示号码").count() == 0
    shot(page, "member-revealed")
    desk.close()

    db.session.commit()
    events = {
        e.action: e
        for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    }
    assert events["phone_reveal"].subject_ids == [worker.id]
    assert events["phone_reveal"].actor_id == officer.id
    assert events["phone_reveal"].reason == "通知站长补课"
    assert worker.id in events["member_export"].subject_ids
    assert len(events["member_export"].subject_ids) == expected

    set_password(worker, PASSWORD)
    db.session.commit()
    course = behind.campaign_courses(campaign)
    lesson = behind.with_next_lessons([worker], course)[0].next_lesson
    phone = browser.new_context(**PHONE)
    home = sign_in(phone, live_server, worker.phone)
    home.goto(f"{live_server}/")
    assert "夏季防暑急救月" in home.locator("#my-campaigns").inner_text()
    shot(home, "worker-home-360")
    home.goto(f"{live_server}/notices/")
    assert "还差" in home.locator(".notice").first.inner_text()
    shot(home, "worker-notice-360")
    home.locator(".notice .next-lesson").first.click()
    home.wait_for_url(f"**/lessons/{lesson.id}*")
    assert lesson.title in home.content()
    assert home.evaluate("document.documentElement.scrollWidth") <= 360
    phone.close()


def test_officer_on_a_phone_and_a_station_master(
    app, db, factory, live_server, browser
):
    officer, _campaign = build(db, factory)
    phone = browser.new_context(**PHONE)
    page = sign_in(phone, live_server, officer.phone)
    page.goto(f"{live_server}/union/dashboard")
    assert page.locator("#behind-title").bounding_box()["y"] < 640
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "dashboard-360")
    first = page.locator("#action-card tbody tr").first
    station = db.session.get(Organisation, int(first.get_attribute("data-station")))
    phone.close()

    master = factory.person(Role.STATION_MASTER, org=station, name="站长老周")
    phone = browser.new_context(**PHONE)
    page = sign_in(phone, live_server, master.phone)
    page.goto(f"{live_server}/station/")
    calls = page.locator("a[href^='tel:']").count()
    assert calls >= 1 and page.locator("#station-behind").bounding_box()["y"] < 640
    shot(page, "station-master-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="提醒", exact=True).first.click()
    assert "已提醒 1 人" in page.locator("[role=status]").inner_text()
    phone.close()
    db.session.commit()
    reveal = db.session.scalar(
        select(AuditEvent).where(AuditEvent.actor_id == master.id)
    )
    assert reveal.action == "phone_reveal" and len(reveal.subject_ids) == calls
