"""In Debian's Chromium at a staff desk (1366x768): an administrator opens the credits
page, sees that sending xAPI statements stopped after the learning record store (a
real Ralph) refused us, and resumes it; the page is in Chinese and fits the width."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from lms.models import Role, XapiState, XapiStatement
from lms.services.xapi import record as xapi
from lms.services.xapi.send import Settings, deliver
from tests.support.lrs import PASSWORD, USERNAME, running_lrs

pytestmark = pytest.mark.browser
DESK = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}
SHOTS = Path("/tmp/shots/outbox")


def test_an_admin_sees_the_xapi_stop_and_resumes_it(
    app, db, factory, sample_course_dir, live_server, browser, request
):
    course = factory.course(sample_course_dir)
    admin, worker = factory.person(Role.ADMIN), factory.person(Role.WORKER)
    with running_lrs() as lrs:
        app.config.update(
            LMS_XAPI_URL=lrs.url, LMS_XAPI_USERNAME=USERNAME, LMS_XAPI_PASSWORD="wrong"
        )
        sid = xapi.record_course_completed(worker, course, datetime.now(UTC))
        db.session.commit()
        assert deliver(Settings.from_config(app.config)).outcome == "stopped"
        context = browser.new_context(**DESK)
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.fill("#phone", admin.phone)
        page.fill("#password", "correct horse 42")
        page.click("button[type=submit]")
        page.goto(f"{live_server}/admin/credits")
        alert = page.locator("#xapi-stopped")
        assert alert.is_visible() and "xAPI 学习记录发送已停止" in alert.inner_text()
        assert "HTTP 401" in alert.inner_text()
        assert page.locator("#xapi-queued").inner_text() == "1"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = request.node.callspec.id
        page.screenshot(path=str(SHOTS / f"xapi-stopped-{name}.png"), full_page=True)
        app.config["LMS_XAPI_PASSWORD"] = PASSWORD  # the operator fixed it
        alert.get_by_role("button", name="恢复发送").click()
        page.wait_for_url("**/admin/credits")
        assert page.locator("#xapi-stopped").count() == 0
        assert "发送将在下一次运行时恢复" in page.locator("[role=status]").inner_text()
        page.screenshot(path=str(SHOTS / f"xapi-resumed-{name}.png"), full_page=True)
        context.close()
        assert deliver(Settings.from_config(app.config)).delivered == 1
        db.session.expire_all()
        assert db.session.get(XapiStatement, sid).state == XapiState.DELIVERED
