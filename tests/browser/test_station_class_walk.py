"""Station classes end to end ("Done when" of issue 19), in Debian's Chromium: a
trainer schedules a class; two workers sign up, the second from the waiting list;
the trainer's screen shows the rotating code; a worker opens the code's URL (read from
the trainer's page) and is marked present; an old code is refused; the trainer passes
the worker's checks on a phone; the points receiver gets that worker's `practical`
credit exactly once. Screenshots in /tmp/shots/classes/."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from lms.models import ClassSignup, CreditEntry, OrgKind, Role, StationClass
from lms.services.points.push import Settings, deliver
from tests.support.live import PHONE
from tests.support.phone import sign_in
from tests.support.points_receiver import receiver_for

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/classes")
STAFF = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}
SKILLS = "胸外按压 2 分钟，深度与频率合格\n灭火器 PASS 操作"


@pytest.fixture
def receiver(app):
    with receiver_for(app, LMS_POINTS_TIMEOUT=5.0) as receiver:
        yield receiver


@pytest.fixture
def place(factory, sample_course_dir):
    factory.org("union-tianhe")
    station = factory.org("station-tianhe-1", OrgKind.STATION, parent="union-tianhe")
    course = factory.course(sample_course_dir)
    return station, course


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def schedule(page, base: str, station, course) -> int:
    starts = datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(hours=3)
    page.goto(f"{base}/classes/run/new")
    page.select_option("select[name=station_id]", str(station.id))
    page.select_option("select[name=course_id]", str(course.id))
    page.fill("input[name=starts_local]", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=capacity]", "1")
    page.fill("input[name=bring]", "手机、工牌")
    page.fill("textarea[name=skills]", SKILLS)
    page.click("[data-testid=schedule-form] button[type=submit]")
    page.wait_for_url(re.compile(r".*/classes/run/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def sign_up(page, base: str, class_id: int, button: str, outcome: str) -> None:
    page.goto(f"{base}/")
    page.click(f"[data-testid=classes-near] a[href='/classes/{class_id}']")
    place = page.locator("[data-testid=my-place] button")
    assert place.inner_text() == button
    place.click()
    page.wait_for_selector(f"[data-testid=my-place] >> text={outcome}")


def the_class_begins(db, class_id: int) -> None:
    """The class day comes: the real clock cannot be frozen for a browser, so the
    class is moved to have started a minute ago (the sign-ups were made before)."""
    db.session.commit()  # end the test's transaction: see what the server committed
    cls = db.session.get(StationClass, class_id)
    cls.starts_at = datetime.now(UTC) - timedelta(minutes=1)
    cls.ends_at = cls.starts_at + timedelta(hours=1)
    db.session.commit()


def code_url(screen) -> str:
    link = screen.locator("[data-testid=code-url]")
    screen.wait_for_function(
        "document.querySelector('[data-testid=code-url]').textContent.length > 0"
    )
    return link.get_attribute("href")


def test_schedule_sign_up_scan_check_and_credit_once(
    app, db, factory, browser, live_server, place, receiver
):
    station, course = place
    trainer = factory.person(Role.TRAINER, name="王教练")
    first, second = (factory.person(Role.WORKER, org=station) for _ in "ab")
    staff = browser.new_context(**STAFF)
    phones = [browser.new_context(**PHONE) for _ in range(2)]
    try:
        desk = staff.new_page()
        sign_in(desk, live_server, trainer)
        class_id = schedule(desk, live_server, station, course)
        assert "还没有人报名" in desk.content()

        one, two = (ctx.new_page() for ctx in phones)
        sign_in(one, live_server, first)
        sign_in(two, live_server, second)
        shot(one, "worker-home")
        sign_up(one, live_server, class_id, "报名", "您已报上名")
        sign_up(two, live_server, class_id, "加入候补", "您在候补名单上")
        shot(two, "worker-waiting")
        one.click("[data-testid=my-place] button:has-text('取消报名')")
        one.wait_for_selector("text=已取消报名")
        two.reload()
        assert "您已报上名" in two.locator("[data-testid=my-place]").inner_text()

        the_class_begins(db, class_id)
        desk.goto(f"{live_server}/classes/run/{class_id}/screen")
        url = code_url(desk)
        assert desk.locator("[data-testid=qr] svg").count() == 1
        shot(desk, "trainer-screen")
        two.goto(url.replace(urlsplit(url).netloc, urlsplit(live_server).netloc))
        two.wait_for_selector("[data-testid=checked-in]")
        shot(two, "worker-checked-in")
        window = int(url.split("code=")[1].split(".")[0])
        while int(time.time()) // 20 < window + 2:  # the code is 40 s old or more
            desk.wait_for_timeout(1000)
        assert code_url(desk) != url  # the screen has moved on
        stale = two.goto(
            url.replace(urlsplit(url).netloc, urlsplit(live_server).netloc)
        )
        assert stale.status == 422
        assert "签到码已过期" in two.content()

        hand = staff.new_page()  # the trainer's phone
        hand.set_viewport_size(PHONE["viewport"])
        hand.goto(f"{live_server}/classes/run/{class_id}")
        attendee = hand.locator("[data-testid=attendee]").filter(has_text=second.name)
        for skill in range(2):
            attendee.locator("form.check").nth(skill).locator(
                "button[value=pass]"
            ).click()
            hand.wait_for_load_state()
            attendee = hand.locator("[data-testid=attendee]").filter(
                has_text=second.name
            )
        assert "✓ 合格" in attendee.inner_text()
        shot(hand, "trainer-checks-phone")
    finally:
        for ctx in (staff, *phones):
            ctx.close()

    db.session.commit()
    row = db.session.scalar(db.select(ClassSignup).filter_by(person_id=second.id))
    assert row.attendance_by == "code" and row.present_at is not None
    entries = db.session.scalars(db.select(CreditEntry)).all()
    assert [(e.kind, e.person_id) for e in entries] == [("practical", second.person_id)]
    assert deliver(Settings.from_config(app.config)).delivered == 1
    assert deliver(Settings.from_config(app.config)).delivered == 0
    assert receiver.violations == [] and receiver.twice() == []
    (credit,) = receiver.awarded.values()
    assert (credit["kind"], credit["person_id"]) == ("practical", second.person_id)
    assert credit["course_code"] == course.code and credit["lesson_code"] is None
    assert course.title in credit["title"] and credit["credit_hours"] == "0.50"
    assert dict(receiver.accepted) == {entries[0].id: 1}


def test_the_station_master_sees_the_station_classes_on_a_phone(
    app, db, factory, browser, live_server, place
):
    station, course = place
    master = factory.person(Role.STATION_MASTER, org=station, name="李站长")
    phone = browser.new_context(**PHONE)
    try:
        page = phone.new_page()
        sign_in(page, live_server, master)
        class_id = schedule(page, live_server, station, course)
        page.goto(f"{live_server}/")
        near = page.locator("[data-testid=classes-near]")
        assert course.title in near.inner_text() and "管理线下课" in near.inner_text()
        shot(page, "station-master-home")
        page.click("text=本站点的课程")
        assert (
            course.title in page.locator("[data-testid=station-classes]").inner_text()
        )
        shot(page, "station-page")
        page.goto(f"{live_server}/classes/run/{class_id}")
        assert "报名 0 · 到场 0 · 合格 0" in page.content()
        shot(page, "station-master-roster")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, width
    finally:
        phone.close()
