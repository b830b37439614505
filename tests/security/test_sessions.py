"""Finding 4 and 11: sessions that really end. Logout, password change and
deactivation end every browser session and remember token of the person; remember
tokens rotate; the CSRF secret rotates at sign-in; cookies are SameSite=Lax, and
Secure with HSTS over HTTPS through the proxy. API tokens can be listed and revoked."""

from __future__ import annotations

import re

import pytest
import requests

from lms.models import Role
from tests.support.factories import PASSWORD


def signed_in(base: str, person, password: str = PASSWORD) -> requests.Session:
    http = requests.Session()
    answer = http.post(
        f"{base}/login", data={"phone": person.phone, "password": password}
    )
    assert answer.url.startswith(base) and "/login" not in answer.url, answer.text[:300]
    return http


def is_signed_in(base: str, cookies: dict) -> bool:
    answer = requests.get(f"{base}/", cookies=cookies, allow_redirects=False)
    return answer.status_code == 200


def test_logout_ends_the_session_and_the_remember_token(factory, live_server):
    worker = factory.person(Role.WORKER)
    phone_a = signed_in(live_server, worker)
    phone_b = signed_in(live_server, worker)  # the same person on another phone
    old = phone_a.cookies.get_dict()
    assert {"session", "remember_token"} <= set(old)
    assert is_signed_in(live_server, {"session": old["session"]})
    assert is_signed_in(live_server, {"remember_token": old["remember_token"]})
    phone_a.post(f"{live_server}/logout")
    assert not is_signed_in(live_server, {"session": old["session"]})
    assert not is_signed_in(live_server, {"remember_token": old["remember_token"]})
    assert not is_signed_in(live_server, phone_b.cookies.get_dict())
    assert is_signed_in(live_server, signed_in(live_server, worker).cookies.get_dict())


def test_remember_tokens_rotate_and_cookies_are_samesite(factory, live_server):
    worker = factory.person(Role.WORKER)
    first = requests.post(
        f"{live_server}/login",
        data={"phone": worker.phone, "password": PASSWORD},
        allow_redirects=False,
    )
    second = signed_in(live_server, worker)
    assert first.cookies["remember_token"] != second.cookies["remember_token"]
    for cookie in first.raw.headers.getlist("Set-Cookie"):
        if cookie.startswith(("session=", "remember_token=")):
            assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
            assert "Secure" not in cookie  # plain HTTP: a Secure cookie would be lost
    assert "Strict-Transport-Security" not in first.headers
    spoofed = requests.get(
        f"{live_server}/login", headers={"X-Forwarded-Proto": "https"}
    )
    assert "Strict-Transport-Security" not in spoofed.headers  # no proxy trusted


@pytest.mark.app_config(LMS_PROXY_HOPS=1)
def test_over_https_through_the_proxy_cookies_are_secure(factory, live_server):
    worker = factory.person(Role.WORKER)
    answer = requests.post(
        f"{live_server}/login",
        data={"phone": worker.phone, "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
        allow_redirects=False,
    )
    assert answer.status_code == 302
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
    cookies = answer.raw.headers.getlist("Set-Cookie")
    assert len(cookies) >= 2
    assert all("Secure" in c for c in cookies), cookies


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_csrf_secret_rotates_at_sign_in(factory, live_server):
    worker = factory.person(Role.WORKER)
    http = requests.Session()
    page = http.get(f"{live_server}/login").text
    before = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    http.post(
        f"{live_server}/login",
        data={"phone": worker.phone, "password": PASSWORD, "csrf_token": before},
    )
    assert is_signed_in(live_server, http.cookies.get_dict())
    stale = http.post(f"{live_server}/logout", data={"csrf_token": before})
    assert stale.status_code == 400
    home = http.get(f"{live_server}/").text
    fresh = re.search(r'name="csrf-token" content="([^"]+)"', home)[1]
    assert http.post(f"{live_server}/logout", data={"csrf_token": fresh}).ok


def test_password_change_ends_every_other_session_and_token(
    client, factory, live_server
):
    worker = factory.person(Role.WORKER)
    here = signed_in(live_server, worker)
    elsewhere = signed_in(live_server, worker)
    token = requests.post(
        f"{live_server}/api/v1/auth/token",
        json={"phone": worker.phone, "password": PASSWORD},
    ).json()["token"]
    wrong = here.post(
        f"{live_server}/account/password", data={"current": "nope", "new": "n" * 12}
    )
    assert wrong.status_code == 422 and "当前密码不正确" in wrong.text
    short = here.post(
        f"{live_server}/account/password", data={"current": PASSWORD, "new": "short"}
    )
    assert short.status_code == 422 and "8" in short.text
    done = here.post(
        f"{live_server}/account/password",
        data={"current": PASSWORD, "new": "a new password 7"},
    )
    assert done.status_code == 200 and "密码已修改" in done.text
    assert is_signed_in(live_server, here.cookies.get_dict())  # this phone stays
    assert not is_signed_in(live_server, elsewhere.cookies.get_dict())
    me = requests.get(
        f"{live_server}/api/v1/me/credits", headers={"Authorization": f"Bearer {token}"}
    )
    assert me.status_code == 401
    signed_in(live_server, worker, "a new password 7")


def test_deactivation_ends_everything_and_refuses_sign_in(db, factory, live_server):
    worker = factory.person(Role.WORKER)
    admin = factory.person(Role.ADMIN)
    phone = signed_in(live_server, worker)
    token = requests.post(
        f"{live_server}/api/v1/auth/token",
        json={"phone": worker.phone, "password": PASSWORD},
    ).json()["token"]
    answer = signed_in(live_server, admin).post(
        f"{live_server}/admin/people/{worker.id}/deactivate", data={"reason": "left"}
    )
    assert answer.status_code == 200 and "停用" in answer.text
    assert not is_signed_in(live_server, phone.cookies.get_dict())
    bearer = {"Authorization": f"Bearer {token}"}
    assert (
        requests.get(f"{live_server}/api/v1/me/credits", headers=bearer).status_code
        == 401
    )
    again = requests.post(
        f"{live_server}/login", data={"phone": worker.phone, "password": PASSWORD}
    )
    assert "手机号或密码不正确" in again.text


def test_api_tokens_are_listed_and_revoked(factory, live_server):
    worker, other = factory.person(Role.WORKER), factory.person(Role.WORKER)
    url = f"{live_server}/api/v1"

    def token_of(person):
        body = {"phone": person.phone, "password": PASSWORD}
        return requests.post(f"{url}/auth/token", json=body).json()["token"]

    first, second, theirs = token_of(worker), token_of(worker), token_of(other)
    auth = {"Authorization": f"Bearer {first}"}
    listed = requests.get(f"{url}/me/tokens", headers=auth).json()["tokens"]
    assert len(listed) == 2 and sum(t["current"] for t in listed) == 1
    assert all(
        set(t) >= {"id", "created_at", "last_used_at", "expires_at"} for t in listed
    )
    assert first not in str(listed) and second not in str(listed)
    their_id = requests.get(
        f"{url}/me/tokens", headers={"Authorization": f"Bearer {theirs}"}
    ).json()["tokens"][0]["id"]
    assert (
        requests.delete(f"{url}/me/tokens/{their_id}", headers=auth).status_code == 404
    )
    other_id = next(t["id"] for t in listed if not t["current"])
    assert (
        requests.delete(f"{url}/me/tokens/{other_id}", headers=auth).status_code == 204
    )
    bearer2 = {"Authorization": f"Bearer {second}"}
    assert requests.get(f"{url}/me/credits", headers=bearer2).status_code == 401
    assert requests.delete(f"{url}/auth/token", headers=auth).status_code == 204
    assert requests.get(f"{url}/me/credits", headers=auth).status_code == 401
    answer = requests.put(f"{url}/auth/token", headers=auth)
    assert answer.status_code == 405 and "POST" in answer.headers["Allow"]


def test_api_password_change_returns_a_new_token(factory, live_server):
    worker = factory.person(Role.WORKER)
    url = f"{live_server}/api/v1"
    body = {"phone": worker.phone, "password": PASSWORD}
    old = requests.post(f"{url}/auth/token", json=body).json()["token"]
    auth = {"Authorization": f"Bearer {old}"}
    change = {"current_password": PASSWORD, "new_password": "another pass 9"}
    bad = requests.post(
        f"{url}/me/password", headers=auth, json={**change, "current_password": "x"}
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_password"
    answer = requests.post(f"{url}/me/password", headers=auth, json=change)
    assert answer.status_code == 200
    new = {"Authorization": f"Bearer {answer.json()['token']}"}
    assert requests.get(f"{url}/me/credits", headers=auth).status_code == 401
    assert requests.get(f"{url}/me/credits", headers=new).status_code == 200
