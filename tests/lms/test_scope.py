"""A union admin sees only the people of their own organisation subtree."""

from lms.models import OrgKind, Role
from lms.services.union.scope import can_see_person, people_in_scope


def test_union_admin_sees_only_their_subtree(app, db, factory, client):
    factory.org("city", OrgKind.CITY)
    factory.org("north", OrgKind.UNION, "city")
    factory.org("north-station", OrgKind.STATION, "north")
    factory.org("south", OrgKind.UNION, "city")
    org = {code: factory.org(code) for code in ("north", "north-station", "south")}
    inside = factory.person(org=org["north-station"], name="北站骑手")
    outside = factory.person(org=org["south"], name="南区骑手")
    officer = factory.person(Role.UNION_ADMIN, org=org["north"])
    visible = set(db.session.scalars(people_in_scope(officer)))
    assert inside in visible and outside not in visible
    assert can_see_person(officer, inside) and not can_see_person(officer, outside)
    factory.login(client, officer)
    page = client.get("/union/").text
    assert "北站骑手" in page and "南区骑手" not in page
    assert (
        inside.phone not in page
        and inside.phone[:3] + "****" + inside.phone[-4:] in page
    )


def test_similar_org_paths_do_not_leak(app, db, factory):
    """/1/ must not match /11/: the path prefix ends with a slash."""
    orgs = [factory.org(f"u{i}") for i in range(1, 13)]
    officer = factory.person(Role.UNION_ADMIN, org=orgs[0])
    stranger = factory.person(org=orgs[10])
    assert orgs[10].path.startswith("/11/") and orgs[0].path == "/1/"
    assert not can_see_person(officer, stranger)


def test_admin_sees_everyone_and_a_worker_no_one(app, db, factory):
    a = factory.person(org=factory.org("x"))
    admin = factory.person(Role.ADMIN)
    worker = factory.person(Role.WORKER, org=factory.org("x"))
    assert can_see_person(admin, a)
    assert not can_see_person(worker, a)
