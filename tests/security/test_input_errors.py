"""Finding 8 (and 7's request limits): input never makes a 500. Ids past any
integer column, JSON nested deep, values a phone cannot produce, bodies too large:
each a 4xx with a clear message; a 405 names the allowed methods."""

from __future__ import annotations

import pytest
import requests

from lms.models import Role
from tests.support.factories import PASSWORD
from tests.support.union_city import build_city

HUGE = "9" * 20  # past 2^63
DEEP = "[" * 1000 + "]" * 1000
DEEP_OBJECT = '{"a":' * 1000 + "1" + "}" * 1000


def session_for(base, person) -> requests.Session:
    http = requests.Session()
    http.post(f"{base}/login", data={"phone": person.phone, "password": PASSWORD})
    return http


def test_ids_past_the_columns_are_404_not_500(factory, sample_course_dir, live_server):
    city = build_city(factory)
    factory.course(sample_course_dir)
    worker = session_for(live_server, city.worker_a)
    officer = session_for(live_server, city.officer_a)
    for path in (
        f"/courses/{HUGE}",
        f"/lessons/{HUGE}",
        f"/courses/{2**31}",
        f"/api/v1/lessons/{HUGE}",
        f"/api/v1/courses/{HUGE}",
        f"/api/v1/courses/-{HUGE}",
    ):
        assert worker.get(f"{live_server}{path}").status_code == 404, path
    for query in (
        f"org={HUGE}",
        f"course={HUGE}",
        f"org={2**31}",
        f"page={HUGE}",
        "from=9999999-99",
    ):
        for path in ("/union/", "/union/members"):
            answer = officer.get(f"{live_server}{path}?{query}")
            assert answer.status_code in (200, 400, 403, 404), (path, query)
    answer = officer.get(f"{live_server}/union/members/{HUGE}")
    assert answer.status_code == 404


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT])
def test_json_nested_deep_is_a_4xx(factory, sample_course_dir, live_server, body):
    course = factory.course(sample_course_dir)
    worker = factory.person(Role.WORKER)
    token = requests.post(
        f"{live_server}/api/v1/auth/token",
        json={"phone": worker.phone, "password": PASSWORD},
    ).json()["token"]
    bearer = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    lesson = course.lessons[0].id
    for path in (
        "/api/v1/auth/token",
        "/verify/credential",
        f"/api/v1/lessons/{lesson}/progress",
        f"/api/v1/lessons/{lesson}/quiz/attempts",
        "/api/v1/quiz/attempts/1",
    ):
        answer = requests.post(f"{live_server}{path}", data=body, headers=bearer)
        assert 400 <= answer.status_code < 500, (path, answer.status_code)


def test_studio_json_routes_refuse_deep_and_huge(
    factory, sample_course_dir, live_server
):
    from lms.models import OrgKind

    school = factory.org("school-gz-vocational", OrgKind.SCHOOL)
    course = factory.course(sample_course_dir)
    trainer = session_for(live_server, factory.person(Role.TRAINER, org=school))
    url = f"{live_server}/studio/courses/{course.id}/preview"
    deep = trainer.post(url, data=DEEP, headers={"Content-Type": "application/json"})
    assert 400 <= deep.status_code < 500
    huge = trainer.post(url, json={"markdown": "*强调* " * 200_000})
    assert huge.status_code == 413
    long = trainer.post(
        url,
        json={"markdown": "*强调* " * 8000},
        headers={"Accept": "application/json"},
    )
    assert long.status_code == 422 and "30 KB" in long.json()["error"]["message"]


def test_bodies_over_the_route_limit_are_refused(factory, live_server):
    worker = factory.person(Role.WORKER)
    big = "x" * (2 * 1024 * 1024)
    answer = requests.post(
        f"{live_server}/login", data={"phone": worker.phone, "password": big}
    )
    assert answer.status_code == 413
    api = requests.post(
        f"{live_server}/api/v1/auth/token",
        json={"phone": worker.phone, "password": "x" * 300_000},
    )
    assert api.status_code == 400 and api.json()["error"]["code"] == "too_large"


def test_a_405_carries_allow(live_server):
    for method, path in (("put", "/api/v1/auth/token"), ("delete", "/login")):
        answer = requests.request(method, f"{live_server}{path}")
        assert answer.status_code == 405 and answer.headers["Allow"], path


@pytest.mark.parametrize(
    "event",
    [
        {"from": 0, "to": 1e308, "rate": 1.0, "at": "2026-12-06T04:00:00+00:00"},
        {"from": 0, "to": 10, "rate": 1.0, "at": "0001-01-01T00:00:00+00:00"},
        {"from": 0, "to": 10, "rate": 1.0, "at": "9999-12-31T23:59:59+00:00"},
        {"from": 0, "to": 10, "rate": 1.0, "at": "9999-12-31T23:59:59-14:00"},
        {"from": 0, "to": 10, "rate": 1.0, "at": 1e20},
        {"from": "a", "to": 10, "rate": 1.0, "at": "2026-12-06T04:00:00+00:00"},
    ],
)
def test_progress_values_a_phone_cannot_produce_are_400(
    client, factory, sample_course_dir, event
):
    course = factory.course(sample_course_dir)
    worker = factory.person(Role.WORKER)
    token = client.post(
        "/api/v1/auth/token", json={"phone": worker.phone, "password": PASSWORD}
    ).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    lesson = course.lessons[0].id
    client.get(f"/api/v1/lessons/{lesson}", headers=bearer)
    body = {"position": 1, "events": [{"id": "e-1", **event}]}
    answer = client.post(
        f"/api/v1/lessons/{lesson}/progress", json=body, headers=bearer
    )
    assert answer.status_code == 400, answer.get_data(as_text=True)[:300]
    assert answer.get_json()["error"]["message"]
