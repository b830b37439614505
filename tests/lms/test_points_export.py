"""`flask credits export`: the contract's fields as CSV (UTF-8 with BOM) or JSON
Lines, for the local days from --since to --until."""

import csv
import io
import json
from datetime import UTC, datetime

from lms.models import Role
from lms.services.points.file_export import FIELDS
from tests.support.points_receiver import seed_ledger

CONTRACT = [
    "id",
    "seq",
    "person_id",
    "kind",
    "reverses",
    "credit_hours",
    "course_code",
    "lesson_code",
    "title",
    "earned_at",
    "org_code",
]


def seed_days(db, factory):
    """Entries on local days (Asia/Shanghai, UTC+8) 1, 1 (late evening), 2, 3 Nov."""
    worker = factory.person(Role.WORKER)
    for moment, count in [
        (datetime(2026, 11, 1, 2, 0, tzinfo=UTC), 1),  # 1 Nov 10:00 local
        (datetime(2026, 11, 1, 15, 30, tzinfo=UTC), 2),  # 1 Nov 23:30 local
        (datetime(2026, 11, 1, 16, 30, tzinfo=UTC), 3),  # 2 Nov 00:30 local
        (datetime(2026, 11, 3, 1, 0, tzinfo=UTC), 4),  # 3 Nov 09:00 local
    ]:
        seed_ledger(db, worker, count, earned_at=moment)


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["credits", "export", *args])
    assert result.exit_code == 0, result.output
    return result


def test_csv_opens_with_a_bom_and_the_contract_header(app, db, factory, tmp_path):
    seed_days(db, factory)
    out = tmp_path / "credits.csv"
    run(app, "--since", "2026-11-01", "--out", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == CONTRACT == list(FIELDS)
    assert len(rows) == 1 + 10
    first = dict(zip(CONTRACT, rows[1], strict=True))
    assert first["credit_hours"] == "0.25" and first["title"] == "第0课"
    assert first["reverses"] == "" and first["kind"] == "lesson"
    seqs = [int(r[1]) for r in rows[1:]]
    assert seqs == sorted(seqs)


def test_jsonl_lines_parse_and_the_period_is_whole_local_days(
    app, db, factory, tmp_path
):
    seed_days(db, factory)
    out = tmp_path / "credits.jsonl"
    run(
        app,
        "--since",
        "2026-11-02",
        "--until",
        "2026-11-02",
        "--format",
        "jsonl",
        "--out",
        str(out),
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert len(entries) == 3 and all(list(e) == CONTRACT for e in entries)
    assert {e["earned_at"] for e in entries} == {"2026-11-01T16:30:00+00:00"}
    out_1st = tmp_path / "first.jsonl"
    run(
        app,
        "--since",
        "2026-11-01",
        "--until",
        "2026-11-01",
        "--format",
        "jsonl",
        "--out",
        str(out_1st),
    )
    assert len(out_1st.read_text().splitlines()) == 3
    later = run(app, "--since", "2026-11-03", "--format", "jsonl").stdout
    assert len([line for line in later.splitlines() if line.startswith("{")]) == 4


def test_bad_dates_are_refused(app):
    result = app.test_cli_runner().invoke(
        args=["credits", "export", "--since", "2026-13-01"]
    )
    assert result.exit_code == 2 and "since" in result.output
