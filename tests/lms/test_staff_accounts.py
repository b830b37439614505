"""Staff accounts in the admin: creating each kind, one-time codes, roles,
deactivation ending sessions, the audit log, and a union officer inviting station
masters only inside their own subtree."""

import re

from sqlalchemy import select

from lms.models import AuditEvent, OrgKind, Person, Role


def _admin(factory):
    city = factory.org("city", OrgKind.CITY)
    return factory.person(Role.ADMIN, org=city)


def _code(page: str) -> str:
    return re.search(r'id="one-time-code">([A-Z0-9]+)<', page).group(1)


def _actions(db) -> list[str]:
    db.session.commit()
    return [
        e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_admin_creates_a_trainer_who_sets_a_password_once(client, factory, db):
    admin = _admin(factory)
    school = factory.org("school", OrgKind.SCHOOL, "city")
    factory.login(client, admin)
    form = {"name": "赵老师", "phone": "13700000001", "role": "trainer"}
    refused = client.post("/admin/accounts/new", data=form | {"organisation": 0})
    assert refused.status_code == 422 and "学校" in refused.text
    created = client.post(
        "/admin/accounts/new", data=form | {"organisation": school.id}
    )
    assert created.status_code == 200
    code = _code(created.text)
    trainer = db.session.scalar(select(Person).where(Person.phone == "13700000001"))
    assert trainer.roles == {Role.TRAINER} and trainer.organisation_id == school.id
    assert trainer.password_hash is None

    client.post("/logout")
    setup = {"phone": "13700000001", "code": code, "password": "a-new-pass-1"}
    answer = client.post("/password/setup", data=setup | {"repeat": "a-new-pass-1"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/studio/"
    client.post("/logout")
    again = client.post("/password/setup", data=setup | {"repeat": "a-new-pass-1"})
    assert again.status_code == 422 and "一次性" in again.text  # used once
    signed = client.post(
        "/login", data={"phone": "13700000001", "password": "a-new-pass-1"}
    )
    assert signed.headers["Location"] == "/studio/"  # trainers land in the studio
    assert _actions(db) == ["account_create", "password_set"]


def test_bad_input_changes_nothing(client, factory, db):
    admin = _admin(factory)
    factory.login(client, admin)
    answer = client.post(
        "/admin/accounts/new",
        data={"name": "x", "phone": "12", "role": "admin", "organisation": 0},
    )
    assert answer.status_code == 422 and "11 位" in answer.text
    taken = client.post(
        "/admin/accounts/new",
        data={"name": "x", "phone": admin.phone, "role": "admin", "organisation": 0},
    )
    assert taken.status_code == 422
    assert client.get("/admin/accounts/999999").status_code == 404
    assert _actions(db) == []


def test_deactivation_ends_the_open_session_and_sign_in(app, factory, db):
    admin = _admin(factory)
    district = factory.org("district", OrgKind.DISTRICT, "city")
    officer = factory.person(Role.UNION_ADMIN, org=district)
    officer_client, admin_client = app.test_client(), app.test_client()
    factory.login(officer_client, officer)
    assert officer_client.get("/union/").status_code == 200
    factory.login(admin_client, admin)
    admin_client.post(
        f"/admin/accounts/{officer.id}/deactivate", data={"reason": "离职"}
    )
    assert officer_client.get("/union/").status_code == 302  # back to sign-in
    assert factory.login(officer_client, officer).status_code == 200  # refused
    admin_client.post(f"/admin/accounts/{officer.id}/reactivate")
    assert factory.login(officer_client, officer).status_code == 302
    reset = admin_client.post(f"/admin/accounts/{officer.id}/reset")
    assert _code(reset.text)
    db.session.refresh(officer)
    assert officer.session_version == 2  # sessions end (checked by the session guard)
    assert factory.login(officer_client, officer).status_code == 200  # old password
    assert _actions(db) == [
        "account_deactivate",
        "account_reactivate",
        "password_reset",
    ]
    own = admin_client.post(f"/admin/accounts/{admin.id}/deactivate")
    assert own.status_code == 422


def test_roles_are_granted_and_revoked_with_audit(client, factory, db):
    admin = _admin(factory)
    station = factory.org("station", OrgKind.STATION, "city")
    worker = factory.person(Role.WORKER)
    factory.login(client, admin)
    client.post(
        f"/admin/accounts/{worker.id}/roles",
        data={"role": "station_master", "organisation": station.id},
    )
    db.session.refresh(worker)
    assert worker.roles == {Role.WORKER, Role.STATION_MASTER}
    client.post(f"/admin/accounts/{worker.id}/roles/station_master/revoke")
    db.session.refresh(worker)
    assert worker.roles == {Role.WORKER}
    assert _actions(db) == ["role_grant", "role_revoke"]
    listed = client.get("/admin/accounts?q=" + worker.phone[-6:])
    assert worker.name not in listed.text  # a plain worker is not staff


def test_officer_invites_station_masters_only_in_scope(client, factory, db):
    factory.org("city", OrgKind.CITY)
    factory.org("union-a", OrgKind.UNION, "city")
    factory.org("union-b", OrgKind.UNION, "city")
    mine = factory.org("station-a", OrgKind.STATION, "union-a")
    other = factory.org("station-b", OrgKind.STATION, "union-b")
    officer = factory.person(Role.UNION_ADMIN, org=mine.parent)
    factory.login(client, officer)
    page = client.get("/union/station-masters")
    assert mine.name in page.text and other.name not in page.text
    outside = client.post(
        "/union/station-masters",
        data={"name": "钱站长", "phone": "13700000009", "station": other.id},
    )
    assert outside.status_code == 404
    inside = client.post(
        "/union/station-masters",
        data={"name": "钱站长", "phone": "13700000009", "station": mine.id},
    )
    assert inside.status_code == 200 and _code(inside.text)
    master = db.session.scalar(select(Person).where(Person.phone == "13700000009"))
    assert master.roles == {Role.STATION_MASTER} and master.organisation_id == mine.id
    assert client.get("/admin/accounts").status_code == 403
    assert _actions(db) == ["account_create"]
