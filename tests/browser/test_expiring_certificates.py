"""Expiring certificates in Debian's Chromium, at the users' sizes: the worker's
certificate shows its expiry and offers the refresher (360x640); the public check of
an expired one says 已过期 (360x640); the union dashboard lists certificates expiring
in 60 days per station (1366x768). Screenshots in /tmp/shots/classes/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lms.models import Certificate, OrgKind, Role
from lms.services.credits import expiry
from lms.services.learning import progress
from tests.support.live import PHONE
from tests.support.phone import sign_in

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/classes")
NOW = datetime.now(UTC)


@pytest.fixture
def course(factory, sample_course_dir):
    yaml = sample_course_dir / "course.yaml"
    yaml.write_text(
        yaml.read_text("utf-8")
        + "certificate:\n  valid_months: 12\n  refresher:\n    lessons: [rain-riding]\n",
        "utf-8",
    )
    return factory.course(sample_course_dir)


def finish(db, person, course, now) -> Certificate:
    for lesson in course.lessons:
        progress.open_lesson(person, lesson, now - timedelta(minutes=10))
        progress.mark_guide_read(person, lesson, now)
    db.session.commit()
    return db.session.scalar(
        db.select(Certificate).where(Certificate.person_id == person.id)
    )


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_expiry_refresher_and_expired_verification_on_a_phone(
    db, factory, browser, live_server, course
):
    factory.org("union-tianhe")
    station = factory.org("station-tianhe-1", OrgKind.STATION, parent="union-tianhe")
    worker = factory.person(Role.WORKER, org=station, name="张三明")
    lapsed = factory.person(Role.WORKER, org=station, name="李四")
    finish(db, worker, course, NOW - timedelta(days=330))
    old = finish(db, lapsed, course, NOW - timedelta(days=400))
    assert expiry.send_reminders(NOW) == 1  # the worker's expires in 35 days
    db.session.commit()
    phone = browser.new_context(**PHONE)
    try:
        page = phone.new_page()
        sign_in(page, live_server, worker)
        page.goto(f"{live_server}/notices/")
        notice = page.locator("li.notice").first
        assert (
            "将于" in notice.inner_text() and "请参加复训以续期" in notice.inner_text()
        )
        fits(page)
        shot(page, "worker-notice-expiring")
        notice.locator("a.button").click()
        page.wait_for_url(f"{live_server}/courses/{course.id}/certificate#refresher")
        assert (
            "有效期至"
            in page.locator("[data-testid=expires-on]").locator("..").inner_text()
        )
        assert page.locator("#refresher button").inner_text() == "开始复训"
        fits(page)
        shot(page, "worker-certificate-refresher")
        page.click("#refresher button")
        page.wait_for_url(f"{live_server}/lessons/*")
        assert "雨天骑行三要点" in page.content()

        public = phone.new_page()
        public.goto(f"{live_server}/verify/{old.id}")
        verdict = public.locator("[data-testid=expired]").inner_text()
        assert "已过期" in verdict and "撤销" not in verdict
        fits(public)
        shot(public, "verify-expired")
    finally:
        phone.close()


def test_the_union_dashboard_lists_expiring_certificates_per_station(
    db, factory, browser, live_server, course
):
    factory.org("union-tianhe")
    station = factory.org("station-tianhe-1", OrgKind.STATION, parent="union-tianhe")
    for days in (310, 320):
        finish(
            db,
            factory.person(Role.WORKER, org=station),
            course,
            NOW - timedelta(days=days),
        )
    officer = factory.person(Role.UNION_ADMIN, org=station.parent)
    staff = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        page = staff.new_page()
        sign_in(page, live_server, officer)
        page.goto(f"{live_server}/union/dashboard")
        table = page.locator("[data-testid=expiring]")
        assert "60 天内到期的证书" in table.inner_text()
        assert table.locator("tbody tr").first.inner_text().split() == [
            "组织",
            "station-tianhe-1",
            "2",
            "2",
        ]
        table.scroll_into_view_if_needed()
        shot(page, "union-expiring")
        page.click("text=线下实操课：到场与合格率")
        assert "您的辖区还没有线下课" in page.content()
    finally:
        staff.close()
