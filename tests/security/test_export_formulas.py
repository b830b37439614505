"""Finding 3: no export can run a formula. A member named like a formula lands as
text in CSV (a leading apostrophe, OWASP's rule) and as a string cell in XLSX; every
member export is in the audit log."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lms.models import AuditEvent, Person
from lms.services.union import exports
from lms.spreadsheet import safe_cell
from tests.support.union_city import build_city

EVIL = '=HYPERLINK("http://evil/?x","点我")'


@pytest.mark.parametrize(
    "value, shown",
    [
        (EVIL, "'" + EVIL),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-0.50", "-0.50"),
        (-3, -3),
        (1.5, 1.5),
        ("陈骑手", "陈骑手"),
    ],
)
def test_the_one_rule(value, shown):
    assert safe_cell(value) == shown


def test_member_exports_neither_csv_nor_xlsx_carry_a_formula(client, db, factory):
    city = build_city(factory)
    worker = db.session.get(Person, city.worker_a.id)
    worker.name = EVIL
    worker.person_id = "@P-1"
    db.session.commit()
    factory.login(client, city.officer_a)
    for table in ("members", "behind"):
        text = client.get(f"/union/export/{table}.csv").data.decode("utf-8-sig")
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        assert "'" + EVIL in cells and "'@P-1" in cells
        assert not [c for c in cells if c.startswith(("=", "+", "@"))]
        book = load_workbook(io.BytesIO(client.get(f"/union/export/{table}.xlsx").data))
        values = [c for row in book.active.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in values)
        assert "'" + EVIL in [c.value for c in values]
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "member_export")
    ).all()
    assert len(events) == 4 and {e.actor_id for e in events} == {city.officer_a.id}
    assert {e.detail["table"] for e in events} == {"members", "behind"}


def test_every_table_is_written_through_the_rule():
    rows = [(EVIL, 1, 2.5)]
    text = b"".join(exports.csv_chunks(("h", "i", "j"), rows)).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("\"'=HYPERLINK")
    data = b"".join(exports.xlsx_chunks(("h", "i", "j"), rows, "t"))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "'" + EVIL and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 1 and sheet["C2"].value == 2.5


def test_the_quiz_statistics_csv_goes_through_the_rule():
    from types import SimpleNamespace

    from lms.services.assessment.analysis import stats_csv
    from quizzes.analysis import ItemStats

    items = [ItemStats("=cmd|'/c calc'!A1", 3, 0.5, -0.25, {"@x": 2})]
    rows = list(csv.reader(io.StringIO(stats_csv(SimpleNamespace(items=items)))))
    assert rows[1] == ["'=cmd|'/c calc'!A1", "3", "0.5000", "-0.2500", "'@x", "2"]
