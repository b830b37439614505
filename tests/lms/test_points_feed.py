"""The pull feed: entries after a seq in seq order, paging by next_after, its own
bearer token (not a learner's), and plain answers to bad parameters."""

import pytest

from lms.models import CreditEntry, Role
from tests.support.points_receiver import seed_ledger

TOKEN = "pull-token-0123456789"
FEED = "/api/v1/credits/feed"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

pytestmark = pytest.mark.app_config(LMS_POINTS_PULL_TOKEN=TOKEN)


def test_the_feed_pages_through_the_ledger_in_seq_order(client, db, factory):
    seed_ledger(db, factory.person(Role.WORKER), 7)
    ledger = db.session.scalars(db.select(CreditEntry).order_by(CreditEntry.seq))
    expected = [e.as_contract() for e in ledger]
    pages, after = [], 0
    while True:
        body = client.get(f"{FEED}?after={after}&limit=3", headers=AUTH).json
        pages.append(len(body["credits"]))
        if not body["credits"]:
            assert body["next_after"] == after  # nothing new: stay where you are
            break
        assert body["next_after"] == body["credits"][-1]["seq"]
        expected_page, expected = expected[:3], expected[3:]
        assert body["credits"] == expected_page
        after = body["next_after"]
    assert pages == [3, 3, 1, 0]


def test_the_default_page_and_the_upper_limit(client, db, factory):
    seed_ledger(db, factory.person(Role.WORKER), 501)
    assert len(client.get(FEED, headers=AUTH).json["credits"]) == 100
    assert len(client.get(f"{FEED}?limit=500", headers=AUTH).json["credits"]) == 500


@pytest.mark.parametrize(
    "header",
    [None, "Bearer wrong-token", f"Bearer {TOKEN}x", f"Basic {TOKEN}", "Bearer "],
)
def test_a_wrong_or_missing_token_is_401(client, header):
    headers = {"Authorization": header} if header else {}
    answer = client.get(FEED, headers=headers)
    assert answer.status_code == 401 and answer.json["error"]["code"] == "bad_token"


def test_a_learner_token_does_not_open_the_feed(client, factory):
    worker = factory.person(Role.WORKER)
    token = client.post(
        "/api/v1/auth/token",
        json={"phone": worker.phone, "password": "correct horse 42"},
    ).json["token"]
    answer = client.get(FEED, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401


def test_the_feed_does_not_exist_without_a_token_configured(app, client):
    app.config["LMS_POINTS_PULL_TOKEN"] = None
    assert client.get(FEED, headers=AUTH).status_code == 404
    assert client.get(FEED).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "after=-1",
        "after=abc",
        "after=1.5",
        "limit=0",
        "limit=501",
        "limit=",
        "limit=%EF%BC%93",
        "after=%2B3",
    ],
)
def test_bad_parameters_are_400_with_a_message(client, query):
    answer = client.get(f"{FEED}?{query}", headers=AUTH)
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "bad_parameter"
    assert query.split("=")[0] in answer.json["error"]["message"]
