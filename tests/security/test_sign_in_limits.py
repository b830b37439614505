"""Finding 9: sign-in failures are counted per account and per address in storage
every worker process shares, and a carrier NAT under attack does not lock out the
right password on phones that have signed in before (device cookies)."""

from __future__ import annotations

from lms.models import Role
from tests.support.factories import PASSWORD

NAT = {"REMOTE_ADDR": "100.64.0.1"}


def post_login(client, phone, password, address="198.51.100.7"):
    return client.post(
        "/login",
        data={"phone": phone, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_two_worker_processes_share_the_count(app, database, tmp_path, factory):
    """Two app instances on one database stand for two gunicorn workers."""
    from lms import create_app
    from tests.conftest import base_config

    worker = factory.person(Role.WORKER)
    other = create_app(base_config(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"]))
    one, two = app.test_client(), other.test_client()
    codes = [
        post_login(client, worker.phone, "wrong").status_code
        for client in (one, two, one, two, one)
    ]
    assert codes == [200] * 5
    refused = post_login(two, worker.phone, PASSWORD)
    assert refused.status_code == 429 and "尝试次数过多" in refused.text
    with other.app_context():
        from lms.extensions import db

        db.engine.dispose()


def test_a_guessed_account_is_locked_but_not_for_its_own_phone(app, factory):
    worker = factory.person(Role.WORKER)
    own_phone = app.test_client()
    assert post_login(own_phone, worker.phone, PASSWORD).status_code == 302
    attacker = app.test_client()
    for n in range(5):
        post_login(attacker, worker.phone, "guess", address=f"203.0.113.{n}")
    assert (
        post_login(attacker, worker.phone, PASSWORD, "203.0.113.99").status_code == 429
    )
    own_phone.post("/logout")
    assert post_login(own_phone, worker.phone, PASSWORD).status_code == 302


def test_a_busy_nat_does_not_lock_out_riders_who_signed_in_before(app, factory):
    regular = factory.person(Role.WORKER)
    newcomer = factory.person(Role.WORKER)
    regular_phone = app.test_client()
    assert (
        post_login(
            regular_phone, regular.phone, PASSWORD, NAT["REMOTE_ADDR"]
        ).status_code
        == 302
    )
    regular_phone.post("/logout")
    attacker = app.test_client()
    for n in range(20):  # spraying many accounts through the carrier's address
        post_login(attacker, f"1370000{n:04d}", "123456", NAT["REMOTE_ADDR"])
    fresh = app.test_client()
    assert (
        post_login(fresh, newcomer.phone, PASSWORD, NAT["REMOTE_ADDR"]).status_code
        == 429
    )
    answer = post_login(regular_phone, regular.phone, PASSWORD, NAT["REMOTE_ADDR"])
    assert answer.status_code == 302
    # the device cookie is this account's only: another account gets no pass from it
    assert (
        post_login(
            regular_phone, newcomer.phone, PASSWORD, NAT["REMOTE_ADDR"]
        ).status_code
        == 429
    )


def test_the_api_token_route_counts_the_same_failures(client, factory):
    worker = factory.person(Role.WORKER)
    for _ in range(5):
        answer = client.post(
            "/api/v1/auth/token", json={"phone": worker.phone, "password": "x"}
        )
        assert answer.status_code == 401
    answer = client.post(
        "/api/v1/auth/token", json={"phone": worker.phone, "password": PASSWORD}
    )
    assert answer.status_code == 429
    assert answer.get_json()["error"]["code"] == "too_many_attempts"
