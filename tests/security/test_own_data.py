"""The worker's own data (PIPL arts. 44-47): the privacy notice at first sign-in,
the record (一人一档) as JSON and PDF, closing the account, and the audit log that
admins read and a sweep keeps short."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import select

from lms.models import AuditEvent, CreditEntry, Person, Role
from tests.support.factories import PASSWORD
from tests.support.phone import sign_in
from tests.support.union_city import build_city, complete

SHOTS = Path("/tmp/shots/security")
DESKTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - innerWidth")


def test_privacy_notice_at_first_sign_in(db, factory, live_server, phone):
    worker = factory.person(Role.WORKER)
    page = phone.new_page()
    sign_in(page, live_server, worker)
    banner = page.locator(".privacy-banner")
    assert banner.is_visible() and "积分平台" in banner.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "privacy-banner-360.png"), full_page=True)
    banner.locator("a").click()
    page.wait_for_url("**/account/privacy**")
    text = page.inner_text("main")
    for words in ("我们保存什么", "用来做什么", "谁能看到", "工会", "积分平台", "下载"):
        assert words in text, words
    assert overflow(page) <= 0
    page.screenshot(path=str(SHOTS / "privacy-notice-360.png"), full_page=True)
    page.click("text=我已阅读")
    page.wait_for_url(f"{live_server}/")
    assert page.locator(".privacy-banner").count() == 0
    db.session.rollback()  # a fresh snapshot: the server wrote
    assert db.session.get(Person, worker.id).privacy_seen_at is not None


def test_record_download_json_and_pdf(db, factory, live_server, phone):
    city = build_city(factory)
    complete(city.worker_a, city.course.lessons[0], datetime.now(UTC))
    page = phone.new_page()
    sign_in(page, live_server, city.worker_a)
    page.goto(f"{live_server}/account/")
    assert overflow(page) <= 0
    page.screenshot(path=str(SHOTS / "account-360.png"), full_page=True)
    with page.expect_download() as got:
        page.click("text=下载我的档案（JSON")
    record = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert record["profile"]["phone"] == city.worker_a.phone
    assert record["lessons"][0]["completed_at"] and record["credits"]
    with page.expect_download() as got:
        page.click("text=下载我的档案（PDF）")
    pdf = Path(got.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (
        "我的档案" in text
        and city.worker_a.name in text
        and "学时明细" in text
        and "美团" in text
    )


def test_closing_the_account_pseudonymises_and_keeps_the_ledger(
    db, factory, client, live_server, phone
):
    city = build_city(factory)
    worker = city.worker_a
    number = worker.phone
    complete(worker, city.course.lessons[0], datetime.now(UTC))
    entries = db.session.scalars(
        select(CreditEntry).where(CreditEntry.person_pk == worker.id)
    ).all()
    page = phone.new_page()
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/account/close")
    assert "积分平台" in page.inner_text("main")
    page.click("button.danger")
    assert "请勾选" in page.inner_text("main")
    page.check("input[type=checkbox]")
    page.click("button.danger")
    assert "账户已注销" in page.inner_text("main")
    db.session.rollback()  # a fresh snapshot: the server wrote
    closed = db.session.get(Person, worker.id)
    assert closed.phone is None and closed.password_hash is None
    assert closed.name.startswith("closed-") and closed.person_id == closed.name
    assert closed.deactivated_at and closed.closed_at
    kept = db.session.scalars(
        select(CreditEntry).where(CreditEntry.person_pk == worker.id)
    ).all()
    assert [e.id for e in kept] == [e.id for e in entries]
    answer = client.post("/login", data={"phone": number, "password": PASSWORD})
    assert "手机号或密码不正确" in answer.text
    actions = {e.action for e in db.session.scalars(select(AuditEvent))}
    assert "account_close" in actions


def test_admins_read_the_audit_log_and_the_sweep_keeps_it_short(
    app, db, factory, live_server, browser
):
    from lms.tasks import sweep_old_records

    city = build_city(factory)
    officer = city.officer_a
    old = AuditEvent(
        actor_id=officer.id,
        action="member_export",
        at=datetime.now(UTC) - timedelta(days=400),
        subject_ids=[],
        detail={"table": "old"},
    )
    db.session.add(old)
    db.session.commit()

    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#phone", officer.phone)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/union/")  # officers land on their union pages
    http = requests.Session()
    http.post(
        f"{live_server}/login", data={"phone": officer.phone, "password": PASSWORD}
    )
    assert http.get(f"{live_server}/union/export/members.xlsx").status_code == 200
    assert page.goto(f"{live_server}/admin/audit").status == 403
    admin_page = context.new_page()
    context.clear_cookies()
    admin_page.goto(f"{live_server}/login")
    admin_page.fill("#phone", city.admin.phone)
    admin_page.fill("#password", PASSWORD)
    admin_page.click("button[type=submit]")
    admin_page.goto(f"{live_server}/admin/audit")
    rows = admin_page.locator("tr.action-member_export")
    assert rows.count() == 2 and "甲主席" in rows.first.inner_text()
    assert "导出会员名单" in rows.first.inner_text()
    assert overflow(admin_page) <= 0
    admin_page.screenshot(path=str(SHOTS / "audit-1366.png"), full_page=True)
    with app.app_context():
        counts = sweep_old_records()
    assert counts["audit_events"] == 1
    admin_page.reload()
    assert admin_page.locator("tr.action-member_export").count() == 1
    context.close()


def test_a_closed_account_s_certificate_verifies_as_revoked_without_the_name(
    db, factory, client
):
    from lms.services.credits.certificates import issue_certificate
    from lms.services.privacy.closing import close_account

    city = build_city(factory)
    worker = city.worker_a
    name = worker.name
    cert = issue_certificate(worker, city.course, datetime.now(UTC))
    db.session.commit()
    from lms.services.credits.certificates import mask_name

    assert mask_name(name) in client.get(f"/verify/{cert.id}").text
    close_account(worker, datetime.now(UTC))
    db.session.commit()
    page = client.get(f"/verify/{cert.id}")
    assert page.status_code in (200, 410) and mask_name(name) not in page.text
    assert "撤销" in page.text


def test_an_admin_finds_and_deactivates_an_account(db, factory, live_server, browser):
    city = build_city(factory)
    worker = city.worker_a
    phone_session = requests.Session()
    phone_session.post(
        f"{live_server}/login", data={"phone": worker.phone, "password": PASSWORD}
    )
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#phone", city.admin.phone)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/admin/")  # admins land on the admin home
    page.goto(f"{live_server}/admin/people?q={worker.phone}")
    row = page.locator(f"#person-{worker.id}")
    assert "骑手" in row.inner_text() and "正常" in row.inner_text()
    row.locator("input[name=reason]").fill("离职")
    row.locator("button.danger").click()
    page.wait_for_selector("text=账户已停用")
    assert "已于" in page.locator(f"#person-{worker.id}").inner_text()
    assert overflow(page) <= 0
    page.screenshot(path=str(SHOTS / "admin-people-1366.png"), full_page=True)
    home = phone_session.get(f"{live_server}/", allow_redirects=False)
    assert home.status_code == 302  # the worker's phone is signed out
    context.close()
