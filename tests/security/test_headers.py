"""Finding 6: security headers on every response, scripts only with a nonce, no-store
on whatever belongs to a signed-in person, and a service worker that forgets a
person's pages when they sign out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from lms.models import Role
from tests.support.factories import PASSWORD
from tests.support.phone import sign_in
from tests.support.union_city import build_city

TEMPLATES = Path(__file__).resolve().parents[2] / "lms" / "templates"
FEED_TOKEN = "pull-token-0123456789"


def session_for(base: str, person) -> requests.Session:
    http = requests.Session()
    answer = http.post(
        f"{base}/login", data={"phone": person.phone, "password": PASSWORD}
    )
    # each role lands on its own home (workers at /, officers on /union/, ...)
    assert answer.status_code == 200 and "/login" not in answer.url
    return http


def test_templates_have_no_inline_script_without_a_nonce():
    bad = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            data = 'type="application/json"' in tag
            if "src=" not in tag and "nonce=" not in tag and not data:
                bad.append(f"{path.name}: {tag}")
        for handler in re.findall(r"\son[a-z]+\s*=", text):
            bad.append(f"{path.name}: {handler.strip()}")
        if "javascript:" in text:
            bad.append(f"{path.name}: javascript: URL")
    assert bad == []


@pytest.mark.app_config(LMS_POINTS_PULL_TOKEN=FEED_TOKEN)
@pytest.mark.app_config(LMS_CSP_ALLOW_EVAL=False)
def test_every_response_carries_the_headers(
    app, factory, sample_course_dir, live_server
):
    city = build_city(factory)
    course = factory.course(sample_course_dir)
    officer = session_for(live_server, city.officer_a)
    worker = session_for(live_server, city.worker_a)
    private = {
        "home": worker.get(f"{live_server}/"),
        "lesson": worker.get(f"{live_server}/lessons/{course.lessons[0].id}"),
        "api": worker.get(f"{live_server}/api/v1/courses"),
        "export": officer.get(f"{live_server}/union/export/members.csv"),
        "feed": requests.get(
            f"{live_server}/api/v1/credits/feed",
            headers={"Authorization": f"Bearer {FEED_TOKEN}"},
        ),
    }
    public = {"login": requests.get(f"{live_server}/login")}
    for name, answer in (private | public).items():
        assert answer.status_code == 200, name
        csp = answer.headers["Content-Security-Policy"]
        script = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
        assert "'nonce-" in script, name
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, name
        assert "frame-ancestors 'none'" in csp, name
        assert answer.headers["X-Content-Type-Options"] == "nosniff", name
        assert answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    for name, answer in private.items():
        assert "no-store" in answer.headers["Cache-Control"], name
    nonces = {
        re.search(
            r"'nonce-([^']+)'",
            worker.get(f"{live_server}/").headers["Content-Security-Policy"],
        )[1]
        for _ in range(2)
    }
    assert len(nonces) == 2  # a new nonce every response
    static = requests.get(f"{live_server}/static/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")


@pytest.mark.app_config(LMS_CSP_ALLOW_EVAL=False)
def test_pages_run_without_csp_violations(
    app, db, factory, sample_course_dir, live_server, phone
):
    course = factory.course(sample_course_dir)
    worker = factory.person(Role.WORKER)
    page = phone.new_page()
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    sign_in(page, live_server, worker)
    page.goto(f"{live_server}/courses/{course.id}")
    page.goto(f"{live_server}/lessons/{course.lessons[0].id}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.RA === 'object'")  # our scripts ran
    assert violations == []


def test_sign_out_empties_the_offline_copies(
    app, db, factory, sample_course_dir, live_server, phone
):
    course = factory.course(sample_course_dir)
    worker = factory.person(Role.WORKER)
    page = phone.new_page()
    sign_in(page, live_server, worker)
    lesson = f"{live_server}/lessons/{course.lessons[0].id}"
    page.goto(lesson)
    page.evaluate(
        """async (url) => {
        const cache = await caches.open('ra-offline-v1');
        await cache.put(url, await fetch(url));
    }""",
        lesson,
    )
    assert page.evaluate("caches.has('ra-offline-v1')")
    page.click("header .menu > summary")  # on a phone, sign-out sits in the menu
    page.click("header form button[type=submit]")
    page.wait_for_url(f"{live_server}/login")
    page.wait_for_function("caches.has('ra-offline-v1').then((h) => !h)")
    kept = page.evaluate(
        "caches.open('ra-offline-v1').then((c) => c.keys()).then((k) => k.length)"
    )
    assert kept == 0


def test_another_person_signing_in_on_the_same_phone_clears_its_copies(
    factory, live_server
):
    first, second = factory.person(Role.WORKER), factory.person(Role.WORKER)
    http = requests.Session()

    def sign_in_as(person):
        return http.post(
            f"{live_server}/login",
            data={"phone": person.phone, "password": PASSWORD},
            allow_redirects=False,
        )

    assert "Clear-Site-Data" not in sign_in_as(first).headers
    assert "Clear-Site-Data" not in sign_in_as(first).headers  # the same person
    assert sign_in_as(second).headers["Clear-Site-Data"] == '"cache", "storage"'
