"""Finding 5: a launch signs in workers only; `org` never moves staff; claims of the
wrong type are 401, never a 500 (learner-api.md v1.1)."""

from __future__ import annotations

import pytest
import requests

from lms.models import Person, Role
from tests.lms.test_launch import launch_token


@pytest.mark.parametrize("role", [Role.TRAINER, Role.UNION_ADMIN, Role.ADMIN])
def test_a_staff_sub_is_refused_and_not_moved(client, db, factory, role):
    home, other = factory.org("union-home"), factory.org("union-other")
    staff = factory.person(role, org=home)
    token = launch_token(sub=staff.person_id, org="union-other", name="改名")
    page = client.get(f"/launch?token={token}")
    assert page.status_code == 403 and "工作人员账户" in page.text
    api = client.post(
        "/api/v1/auth/token",
        json={"launch_token": launch_token(sub=staff.person_id, org="union-other")},
    )
    assert api.status_code == 403 and api.get_json()["error"]["code"] == "launch_staff"
    again = db.session.get(Person, staff.id)
    assert again.organisation_id == home.id != other.id and again.name != "改名"
    assert client.get("/").status_code == 302  # not signed in


def test_a_worker_still_launches(client, factory):
    factory.org("station-a")
    assert client.get(f"/launch?token={launch_token()}").status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": "9999999999"},
        {"exp": 1e20},
        {"iat": 1e300},
        {"exp": True},
        {"sub": {"id": 1}},
        {"sub": ["a"]},
        {"name": {"x": 1}},
        {"jti": [1, 2]},
        {"exp": -5},
    ],
)
def test_claims_of_the_wrong_type_are_401(client, factory, claims, live_server):
    factory.org("station-a")
    token = launch_token(**claims)
    page = requests.get(f"{live_server}/launch", params={"token": token})
    assert page.status_code == 401, page.text[:200]
    api = requests.post(
        f"{live_server}/api/v1/auth/token", json={"launch_token": token}
    )
    assert api.status_code == 401 and api.json()["error"]["code"].startswith("launch")
