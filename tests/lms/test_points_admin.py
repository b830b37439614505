"""The administrators' credits page: the pusher's alert and "resume", held entries and
"release", the reversal form; each action leaves an audit line."""

import re

import pytest

from lms.models import CreditAudit, CreditEntry, PointsDelivery, Role
from lms.services.points.push import Settings, deliver
from tests.support.points_receiver import (
    receiver_for,
    seed_ledger,
)

PAGE = "/admin/credits"


@pytest.fixture
def receiver(app):
    with receiver_for(app) as receiver:
        yield receiver


@pytest.fixture
def admin(client, factory):
    person = factory.person(Role.ADMIN)
    factory.login(client, person)
    return person


def push(app):
    return deliver(Settings.from_config(app.config))


def audits(db):
    return db.session.scalars(db.select(CreditAudit).order_by(CreditAudit.id)).all()


def test_a_stopped_pusher_is_shown_and_resumed_by_an_admin(
    app, client, db, factory, receiver, admin
):
    seed_ledger(db, factory.person(Role.WORKER), 3)
    receiver.faults.append("status:403")
    assert push(app).outcome == "stopped"
    page = client.get(f"{PAGE}?lang=en").text
    assert "Pushing is stopped" in page and "HTTP 403" in page
    assert "推送已停止" in client.get(PAGE).text  # Chinese by default
    assert '<dd id="queued">3</dd>' in page
    assert client.post(f"{PAGE}/resume").status_code == 302
    assert [a.action for a in audits(db)] == ["resume_push"]
    assert "403" in audits(db)[0].reason and audits(db)[0].actor_id == admin.id
    assert push(app).delivered == 3
    assert "推送已停止" not in client.get(PAGE).text
    assert client.post(f"{PAGE}/resume").status_code == 409  # nothing to resume


def test_held_entries_are_listed_with_their_reason_and_released(
    app, client, db, factory, receiver, admin
):
    stranger = factory.person(Role.WORKER)
    seed_ledger(db, stranger, 2)
    receiver.reject_people.add(stranger.person_id)
    assert push(app).held == 2
    page = client.get(PAGE).text
    assert page.count(f"unknown person_id {stranger.person_id}") == 2
    ids = re.findall(r'name="entry_id" value="([0-9a-f-]{36})"', page)
    assert len(ids) == 2
    receiver.reject_people.clear()
    assert client.post(f"{PAGE}/release", data={"entry_id": ids[0]}).status_code == 302
    assert client.post(f"{PAGE}/release", data={"entry_id": ids[0]}).status_code == 404
    assert push(app).delivered == 1 and ids[0] in receiver.awarded
    assert ids[1] not in receiver.awarded  # still held
    assert [(a.action, a.entry_id) for a in audits(db)] == [("release", ids[0])]
    assert "unknown person_id" in audits(db)[0].reason


def test_the_reversal_form_needs_a_reason_and_queues_the_reversal(
    app, client, db, factory, receiver, admin
):
    seed_ledger(db, factory.person(Role.WORKER), 1)
    entry = db.session.scalar(db.select(CreditEntry))
    refused = client.post(f"{PAGE}/reverse", data={"entry_id": entry.id, "reason": ""})
    assert refused.status_code == 422
    done = client.post(
        f"{PAGE}/reverse", data={"entry_id": entry.id, "reason": "刷课，已核实"}
    )
    assert done.status_code == 302
    assert [(a.action, a.entry_id) for a in audits(db)] == [("reverse", entry.id)]
    assert push(app).delivered == 2
    reversal = next(c for c in receiver.awarded.values() if c["kind"] == "reversal")
    assert reversal["reverses"] == entry.id


def test_the_page_is_for_admins_only(client, factory):
    factory.login(client, factory.person(Role.UNION_ADMIN))
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}/resume").status_code == 403


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_admin_actions_need_the_csrf_token(app, client, db, factory):
    admin = factory.person(Role.ADMIN)
    login_page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)
    client.post(
        "/login",
        data={
            "phone": admin.phone,
            "password": "correct horse 42",
            "csrf_token": token.group(1),
        },
    )
    page = client.get(PAGE).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    seed_ledger(db, factory.person(Role.WORKER), 1)
    entry_id = db.session.scalar(db.select(CreditEntry.id))
    form = {"entry_id": entry_id, "reason": "刷课，已核实"}
    assert client.post(f"{PAGE}/reverse", data=form).status_code == 400
    ok = client.post(f"{PAGE}/reverse", data={**form, "csrf_token": csrf})
    assert ok.status_code == 302
    assert (
        db.session.scalar(db.select(db.func.count()).select_from(PointsDelivery)) == 0
    )
