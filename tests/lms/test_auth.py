"""Signing in on the web: one message for any failure, a rate limit, CSRF, sign-out."""

import re

import pytest

from lms.models import Role


def test_worker_signs_in_and_reaches_home(client, factory):
    worker = factory.person(Role.WORKER)
    response = factory.login(client, worker)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_wrong_password_and_unknown_phone_get_the_same_message(client, factory):
    worker = factory.person()
    wrong = client.post("/login", data={"phone": worker.phone, "password": "nope"})
    unknown = client.post("/login", data={"phone": "13999999999", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 200
    message = "手机号或密码不正确"
    assert message in wrong.text and message in unknown.text
    assert client.get("/").status_code == 302  # still signed out


def test_repeated_failures_are_rate_limited(app, factory):
    _five_failures_then_429(app, factory)


@pytest.mark.app_config(LMS_REDIS_URL="redis://127.0.0.1:6379/9")
def test_the_rate_limit_is_shared_through_redis(app, factory):
    """With LMS_REDIS_URL the counts live in Redis, shared by every web worker."""
    import redis

    store = redis.Redis.from_url("redis://127.0.0.1:6379/9")
    store.delete(*store.keys("lms:signin:*") or ["none"])
    _five_failures_then_429(app, factory)
    assert store.keys("lms:signin:*")
    store.delete(*store.keys("lms:signin:*"))


def _five_failures_then_429(app, factory):
    client = app.test_client()
    worker = factory.person()
    codes = [
        client.post("/login", data={"phone": worker.phone, "password": "x"}).status_code
        for _ in range(6)
    ]
    assert codes[:5] == [200] * 5
    assert codes[5] == 429
    again = client.post("/login", data={"phone": worker.phone, "password": "x"})
    assert "尝试次数过多" in again.text


def test_login_form_rejects_a_post_without_csrf_token(app, factory):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    worker = factory.person()
    response = client.post("/login", data={"phone": worker.phone, "password": "x"})
    assert response.status_code == 400
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {"phone": worker.phone, "password": "correct horse 42", "csrf_token": token}
    ok = client.post("/login", data=data)
    assert ok.status_code == 302


def test_sign_out(client, factory):
    worker = factory.person()
    factory.login(client, worker)
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_roles_guard_their_blueprints(client, factory):
    worker = factory.person(Role.WORKER)
    factory.login(client, worker)
    for path in ("/studio/", "/union/", "/admin/"):
        assert client.get(path).status_code == 403, path


def test_open_redirect_is_refused(client, factory):
    worker = factory.person()
    response = client.post(
        "/login?next=//evil.example/",
        data={"phone": worker.phone, "password": "correct horse 42"},
    )
    assert response.headers["Location"] == "/"
