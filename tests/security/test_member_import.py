"""Findings 10, 7 and 8 for the member import: the preview answers a phone or person
id of another union exactly as an unknown one, an import never touches a staff
account, the row cap applies while reading, and broken files are a clear 422."""

from __future__ import annotations

import io
import itertools
import re
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from lms.errors import Invalid
from lms.models import AuditEvent, Person, Role
from lms.services.union import members_import
from tests.lms.test_union_import import HEADER, upload
from tests.support.union_city import build_city


def preview_numbers(page: str) -> str:
    """What the preview shows, minus the file's own values and the one-off token."""
    text = re.sub(r'(value|content)="[^"]*"', "", page)
    return re.sub(r"<td>[^<]*</td>", "", text)


def test_the_preview_does_not_tell_what_exists_in_another_union(db, factory, client):
    city = build_city(factory)
    factory.login(client, city.officer_a)
    other = city.worker_b  # union B's member
    known = upload(
        client,
        "m.csv",
        (
            HEADER + f"{other.person_id},某人,{other.phone},station-a1,meituan\n"
        ).encode(),
    )
    unknown = upload(
        client,
        "m.csv",
        (HEADER + "ZZ999,某人,13700000000,station-a1,meituan\n").encode(),
    )
    assert known.status_code == unknown.status_code == 200
    assert preview_numbers(known.text) == preview_numbers(unknown.text)
    token = known.text.split('name="token" type="hidden" value="')[1].split('"')[0]
    done = client.post("/union/import/confirm", data={"token": token})
    assert done.status_code == 302
    after = db.session.get(Person, other.id)
    assert after.organisation_id == city.orgs["station-b1"].id and after.name != "某人"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "member_import")
    )
    assert event.actor_id == city.officer_a.id and event.detail["held"] == "1"


def test_an_import_never_changes_a_staff_account(db, factory, client):
    city = build_city(factory)
    master = factory.person(Role.STATION_MASTER, org=city.orgs["station-a1"])
    master.grant(Role.WORKER)
    db.session.commit()
    factory.login(client, city.officer_a)
    row = f"{master.person_id},改名,13600000000,station-a1,meituan\n"
    page = upload(client, "m.csv", (HEADER + row).encode())
    assert "工作人员账户" in page.text and "立即导入" not in page.text
    by_phone = f"NEW1,某人,{city.officer_a.phone},station-a1,meituan\n"
    page = upload(client, "m.csv", (HEADER + by_phone).encode())
    assert "立即导入" not in page.text
    assert db.session.get(Person, master.id).phone == master.phone


def huge_xlsx(rows: int) -> bytes:
    """A sheet of `rows` rows, written straight as XML (openpyxl would take minutes)."""
    book = Workbook()
    book.active.append(["人员编号", "姓名", "手机号", "组织编码"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                cells = "".join(
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>W{n}</t></is></c></row>'
                    for n in range(2, rows + 2)
                )
                data = data.replace(
                    b"</row></sheetData>", b"</row>" + cells.encode() + b"</sheetData>"
                )
            target.writestr(item, data)
    return out.getvalue()


def test_the_row_cap_applies_while_reading():
    endless = itertools.repeat(["W1", "某人", "13700000000", "station-a1"])
    header = ["person_id", "name", "phone", "org_code"]
    with pytest.raises(Invalid) as caught:  # reading it all would never end
        members_import._records(header, endless)
    assert "50000" in str(caught.value.message)
    with pytest.raises(Invalid) as caught:
        members_import.read_rows("m.xlsx", huge_xlsx(members_import.MAX_ROWS + 5))
    assert "50000" in str(caught.value.message)


def test_broken_files_are_a_clear_422(db, factory, client):
    city = build_city(factory)
    factory.login(client, city.officer_a)
    cases = {
        "m.xlsx": b"PK\x03\x04 this is not a workbook",
        "n.xlsx": b"\x00\x01\x02" * 100,
        "m.csv": b"\xff\xfe\x00\x00\x81\x30\x00" * 50 + b"\x00",
        "z.csv": HEADER.encode() + b"W1,\x00\x00,1380000000,station-a1\n",
    }
    for name, data in cases.items():
        answer = upload(client, name, data)
        assert answer.status_code == 422, name
        assert "无法作为会员名单读取" in answer.text, name
