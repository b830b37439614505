"""The launch from the city app and API tokens, as learner-api.md specifies."""

import time
import uuid

import jwt
import pytest

from lms.models import Person, Role
from tests.conftest import LAUNCH_SECRET


def launch_token(secret=LAUNCH_SECRET, **claims) -> str:
    now = int(time.time())
    body = {
        "sub": "440100199001011234",
        "name": "陈骑手",
        "phone": "13712345678",
        "org": "station-a",
        "platform": "eleme",
        "iat": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
    }
    body.update(claims)
    return jwt.encode(body, secret, algorithm="HS256")


def test_launch_creates_the_worker_signs_in_and_redirects_home(client, db, factory):
    station = factory.org("station-a")
    response = client.get(f"/launch?token={launch_token()}")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    person = db.session.scalar(
        db.select(Person).where(Person.person_id == "440100199001011234")
    )
    assert (person.name, person.phone, person.platform) == (
        "陈骑手",
        "13712345678",
        "eleme",
    )
    assert person.organisation_id == station.id and person.has_role(Role.WORKER)
    assert client.get("/").status_code == 200


def test_second_launch_updates_the_same_worker(client, db, factory):
    factory.org("station-a")
    factory.org("station-b")
    client.get(f"/launch?token={launch_token()}")
    client.get(f"/launch?token={launch_token(org='station-b', platform='meituan')}")
    people = db.session.scalars(db.select(Person)).all()
    assert len(people) == 1
    assert (
        people[0].organisation.code == "station-b" and people[0].platform == "meituan"
    )


@pytest.mark.parametrize(
    "token, message",
    [
        (launch_token(exp=int(time.time()) - 120), "链接已过期"),
        (launch_token(secret="someone-else-secret-0123456789abc"), "链接无效"),
        ("not-a-jwt", "链接无效"),
        (launch_token(jti=None), "链接无效"),
    ],
)
def test_bad_launch_tokens_get_401_with_a_readable_page(client, db, token, message):
    response = client.get(f"/launch?token={token}")
    assert response.status_code == 401
    assert message in response.text and "<html" in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 0


def test_a_replayed_launch_token_is_refused(client):
    token = launch_token()
    assert client.get(f"/launch?token={token}").status_code == 302
    again = client.get(f"/launch?token={token}")
    assert again.status_code == 401 and "已被使用" in again.text


def test_api_token_from_phone_and_password_then_bearer_access(client, factory):
    worker = factory.person()
    response = client.post(
        "/api/v1/auth/token",
        json={"phone": worker.phone, "password": "correct horse 42"},
    )
    assert response.status_code == 200
    token = response.json["token"]
    assert response.json["expires_at"].endswith("+00:00")
    courses = client.get(
        "/api/v1/courses", headers={"Authorization": f"Bearer {token}"}
    )
    assert courses.status_code == 200 and courses.json == {"courses": []}


def test_api_token_from_a_launch_token_and_replay_refused(client):
    token = launch_token()
    first = client.post("/api/v1/auth/token", json={"launch_token": token})
    assert first.status_code == 200
    second = client.post("/api/v1/auth/token", json={"launch_token": token})
    assert second.status_code == 401
    assert second.json["error"]["code"] == "launch_replayed"


def test_api_wrong_password_is_401_json_and_says_nothing_about_the_phone(
    client, factory
):
    worker = factory.person()
    a = client.post("/api/v1/auth/token", json={"phone": worker.phone, "password": "x"})
    b = client.post("/api/v1/auth/token", json={"phone": "100", "password": "x"})
    assert a.status_code == b.status_code == 401
    assert a.json == b.json
    assert a.json["error"]["message"] == "手机号或密码不正确。"


@pytest.mark.parametrize("body", [{"phone": 1}, {"launch_token": 5}, {}])
def test_api_token_bodies_without_usable_fields_are_422(client, body):
    response = client.post("/api/v1/auth/token", json=body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "missing_fields"


@pytest.mark.parametrize("data", ["null", "[]", '"x"', "not json", ""])
def test_api_token_bodies_that_are_not_json_objects_are_400(client, data):
    response = client.post(
        "/api/v1/auth/token", data=data, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"
    assert response.json["error"]["message"] == "请求内容应为 JSON 对象。"


def test_missing_expired_or_revoked_tokens_get_401(client, db, factory):
    from datetime import timedelta

    from lms.models import ApiToken
    from lms.models.base import utcnow
    from lms.services.accounts import auth

    worker = factory.person()
    assert client.get("/api/v1/courses").status_code == 401
    token, row = auth.issue_token(worker, days=1)
    db.session.commit()
    header = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/courses", headers=header).status_code == 200
    assert db.session.scalar(db.select(ApiToken.token_hash)) != token  # stored hashed
    assert auth.revoke_token(token)
    db.session.commit()
    assert client.get("/api/v1/courses", headers=header).status_code == 401
    token2, row2 = auth.issue_token(worker, days=1)
    row2.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert (
        client.get(
            "/api/v1/courses", headers={"Authorization": f"Bearer {token2}"}
        ).status_code
        == 401
    )
