"""An officer of union A asks for union B's data every way there is (by id, by filter,
by export, by form) and gets 403 or 404; their own exports hold only their members."""

import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from lms.services.union import campaigns
from tests.support.union_city import build_city


def campaign_of(officer, course) -> int:
    now = datetime.now(UTC)
    made = campaigns.create_campaign(
        officer, "乙工会防暑月", [course.id], [], [], now, now + timedelta(days=30)
    )
    return made.id


def test_another_unions_data_is_out_of_reach(app, db, factory, client):
    city = build_city(factory)
    b, b1 = city.orgs["union-b"].id, city.orgs["station-b1"].id
    camp_b = campaign_of(city.officer_b, city.course)
    db.session.commit()
    wb, wa = city.worker_b.id, city.worker_a.id
    factory.login(client, city.officer_a)
    cases = [
        ("GET", f"/union/dashboard?org={b}"),
        ("GET", f"/union/dashboard?org={b1}&platform=eleme"),
        ("GET", f"/union/behind?org={b}"),
        ("GET", "/union/dashboard?org=999999"),
        ("GET", "/union/dashboard?platform=not-a-platform"),
        ("GET", f"/union/export/members.xlsx?org={b}"),
        ("GET", f"/union/export/members.csv?org={b1}"),
        ("GET", f"/union/export/behind.csv?org={b}"),
        ("GET", f"/union/export/stations.xlsx?org={b}"),
        ("GET", f"/union/export/trend.csv?org={b}"),
        ("GET", f"/union/members/{wb}"),
        ("GET", f"/union/members/{wb}/move"),
        ("POST", f"/union/members/{wb}/move", {"organisation": b1}),
        ("POST", f"/union/members/{wa}/move", {"organisation": b1, "platform": ""}),
        ("GET", f"/union/campaigns/{camp_b}"),
        ("GET", f"/union/campaigns/{camp_b}/export.xlsx"),
        ("POST", f"/union/campaigns/{camp_b}/remind", {}),
        ("GET", f"/admin/orgs/{b}"),
        ("GET", "/admin/orgs"),
    ]
    for method, url, *form in cases:
        answer = client.open(url, method=method, data=form[0] if form else None)
        assert answer.status_code in (403, 404), (method, url, answer.status_code)
    db.session.refresh(city.worker_a)
    assert city.worker_a.organisation_id == city.orgs["station-a1"].id

    own = client.get("/union/export/members.csv").data.decode("utf-8-sig")
    assert "甲站骑手" in own and "乙站骑手" not in own
    sheet = load_workbook(
        io.BytesIO(client.get("/union/export/members.xlsx").data)
    ).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["甲站骑手"]
    listing = client.get("/union/campaigns").text
    assert "乙工会防暑月" not in listing


def test_a_worker_sees_no_union_page(app, db, factory, client):
    city = build_city(factory)
    factory.login(client, city.worker_a)
    for url in ("/union/dashboard", "/union/export/members.csv", "/union/campaigns"):
        assert client.get(url).status_code == 403


def test_the_city_admin_sees_both_unions(app, db, factory, client):
    city = build_city(factory)
    factory.login(client, city.admin)
    page = client.get(f"/union/dashboard?org={city.orgs['district'].id}")
    assert "组织 union-a" in page.text and "组织 union-b" in page.text
    own = client.get("/union/export/members.csv").data.decode("utf-8-sig")
    assert "甲站骑手" in own and "乙站骑手" in own
