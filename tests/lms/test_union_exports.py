"""Exports: CSV with a BOM and masked phones, XLSX readable by openpyxl, every table
of the dashboard, streamed (the response is a generator, not one body)."""

import io

from openpyxl import load_workbook

from lms.services.union import exports
from tests.support.union_city import build_city


def test_every_table_exports_as_csv_and_xlsx(app, db, factory, client):
    city = build_city(factory)
    factory.login(client, city.officer_a)
    for name in exports.TABLES:
        csv_answer = client.get(f"/union/export/{name}.csv")
        assert csv_answer.status_code == 200 and csv_answer.is_streamed, name
        assert csv_answer.data.startswith("\ufeff".encode()), name
        xlsx = client.get(f"/union/export/{name}.xlsx")
        assert xlsx.status_code == 200 and xlsx.is_streamed, name
        load_workbook(io.BytesIO(xlsx.data), read_only=True)
    text = client.get("/union/export/members.csv").data.decode("utf-8-sig")
    phone = city.worker_a.phone
    assert phone not in text and f"{phone[:3]}****{phone[-4:]}" in text
    assert client.get("/union/export/members.pdf").status_code == 404
    assert client.get("/union/export/secrets.csv").status_code == 404


def test_csv_chunks_stay_small():
    rows = ((n, "骑手", n * 2) for n in range(10_000))
    chunks = list(exports.csv_chunks(("a", "b", "c"), rows))
    assert len(chunks) > 4 and max(len(c) for c in chunks) < 60_000
