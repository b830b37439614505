"""Bulk member import: a dry run with row-level errors in Chinese, then the import;
a person already known is moved, keeping their whole record."""

import io
from datetime import UTC, datetime

from openpyxl import Workbook
from sqlalchemy import func, select

from lms.models import LessonProgress, Person
from tests.support.union_city import build_city, complete

HEADER = "人员编号,姓名,手机号,组织编码,平台\n"


def upload(client, name: str, data: bytes):
    return client.post(
        "/union/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_dry_run_lists_every_row_error_in_chinese(app, db, factory, client):
    city = build_city(factory)
    factory.login(client, city.officer_a)
    csv_text = HEADER + "\n".join(
        [
            "W1,新骑手,13812345678,station-a1,美团",
            "W2,号码错,12345,station-a1,meituan",
            "W3,外区,13812345679,station-b1,meituan",
            "W4,平台错,13812345670,station-a1,火星外卖",
            "W1,重复,13812345671,station-a1,eleme",
            f"{city.worker_b.person_id},别人的人,13812345672,station-a1,eleme",
            ",无编号,13812345673,station-a1,eleme",
        ]
    )
    page = upload(client, "members.csv", csv_text.encode("gb18030"))
    assert page.status_code == 200
    for message in (
        "手机号须为以1开头的11位数字",
        "您管辖范围内没有此编码的组织",
        "未知的平台",
        "与第2行重复",
        "人员编号须为",
    ):
        assert message in page.text, message
    assert "该人员属于您管辖范围以外的组织" not in page.text  # see tests/security
    assert "立即导入" not in page.text
    assert db.session.scalar(select(func.count()).where(Person.person_id == "W1")) == 0


def test_xlsx_import_creates_and_moves_members(app, db, factory, client):
    city = build_city(factory)
    complete(city.worker_a, city.course.lessons[0], datetime.now(UTC))
    book = Workbook()
    sheet = book.active
    sheet.append(["人员编号", "姓名", "手机号", "组织编码", "平台"])
    sheet.append(["W100", "新来的", "13912340000", "station-a2", "饿了么"])
    sheet.append(
        [
            city.worker_a.person_id,
            city.worker_a.name,
            city.worker_a.phone,
            "station-a2",
            "eleme",
        ]
    )
    data = io.BytesIO()
    book.save(data)
    factory.login(client, city.officer_a)
    page = upload(client, "members.xlsx", data.getvalue())
    assert 'id="count-create">1<' in page.text and 'id="count-move">1<' in page.text
    token = page.text.split('name="token" type="hidden" value="')[1].split('"')[0]
    done = client.post("/union/import/confirm", data={"token": token})
    assert done.status_code == 302
    new = db.session.scalar(select(Person).where(Person.person_id == "W100"))
    assert new.organisation_id == city.orgs["station-a2"].id and new.platform == "eleme"
    moved = db.session.get(Person, city.worker_a.id)
    assert moved.organisation_id == city.orgs["station-a2"].id
    assert (
        db.session.scalar(
            select(func.count()).where(LessonProgress.person_id == moved.id)
        )
        == 1
    )
    assert (
        client.post("/union/import/confirm", data={"token": token}).status_code == 404
    )
