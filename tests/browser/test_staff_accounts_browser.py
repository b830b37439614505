"""In Debian's Chromium at laptop size (1366x768): an admin creates a union officer
for one district from the admin home; the officer chooses a password with the one-time
code and sees only their district's members; the admin deactivates them and the
officer's open session ends. axe-core checks every page on the way."""

from pathlib import Path

import pytest

from lms.models import OrgKind, Role
from tests.support import axe
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser
LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}
SHOTS = Path("/tmp/shots/staff")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, phone: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.fill("#phone", phone)
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_admin_creates_scoped_officer_then_deactivates(
    app, db, factory, live_server, browser
):
    factory.org("city", OrgKind.CITY)
    tianhe = factory.org("district-tianhe", OrgKind.DISTRICT, "city")
    factory.org("district-haizhu", OrgKind.DISTRICT, "city")
    mine = factory.person(org=tianhe, name="天河工人")
    theirs = factory.person(
        org=db.session.get(type(tianhe), tianhe.id + 1), name="海珠工人"
    )
    admin = factory.person(Role.ADMIN, org=tianhe.parent, name="管理员")
    laptop = browser.new_context(**LAPTOP)
    page = laptop.new_page()
    sign_in(page, live_server, admin.phone)
    page.wait_for_url(f"{live_server}/admin/")  # admins land on the admin home
    shot(page, "admin-home")
    axe.check(page)
    page.click(".admin-links a:has-text('账号')")
    page.click("#new-account")
    axe.check(page)
    page.fill("#name", "陈主席")
    page.fill("#phone", "13700000077")
    page.select_option("#role", "union_admin")
    page.select_option("#organisation", str(tianhe.id))
    page.click("#create-account")
    code = page.locator("#one-time-code").inner_text()
    shot(page, "admin-account-code")
    axe.check(page)

    officer_context = browser.new_context(**LAPTOP)
    officer = officer_context.new_page()
    officer.goto(f"{live_server}/password/setup")
    axe.check(officer)
    officer.fill("#phone", "13700000077")
    officer.fill("#code", code)
    officer.fill("#password", "officer-pass-1")
    officer.fill("#repeat", "officer-pass-1")
    officer.click("button[type=submit]")
    officer.wait_for_url(f"{live_server}/union/")
    names = officer.locator("table tbody").inner_text()
    assert mine.name in names and theirs.name not in names
    shot(officer, "officer-members")

    page.click("text=打开该账号")
    page.fill("#reason", "调岗")
    page.click("#deactivate")
    assert page.locator("#account-state").inner_text() == "已停用"
    shot(page, "admin-account-deactivated")
    axe.check(page)
    officer.goto(f"{live_server}/union/")
    assert officer.url.startswith(f"{live_server}/login")  # the open session ended
    sign_in(officer, live_server, "13700000077", "officer-pass-1")
    assert officer.locator("[role=alert]").inner_text() == "手机号或密码不正确。"
    officer_context.close()
    laptop.close()
