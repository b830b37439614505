"""Benchmark: the union dashboards on the synthetic city (`flask lms synth`).

Measures p50/p95 of the dashboard pages, the action card included, and of a station
master's page (target p95 <= 300 ms), the XLSX export of
every member (26,200 at scale 1; target <= 10 s) and the export's peak Python memory
(tracemalloc, a second run), on SQLite or PostgreSQL (a private schema, dropped after).
Run: .venv/bin/python tests/bench/bench_union.py [--scale 1.0] [--db sqlite|postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).parent / "results"
PG_BASE = "postgresql+psycopg://127.0.0.1:5432/test"


def database(kind: str, folder: Path):
    """(url, drop) for a fresh database of `kind`."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.sqlite3'}", lambda: None
    import sqlalchemy as sa

    schema = f"bench_union_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))

    def drop():
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()

    return f"{PG_BASE}?options={quote(f'-csearch_path={schema}')}", drop


def prepare(app, scale: float) -> dict:
    """Migrate, build the city, add the people who look at it and a campaign."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from lms.extensions import db
    from lms.models import Course, Organisation, Person, Role
    from lms.services.seed import synth
    from lms.services.union import campaigns
    from tests.support.factories import Factory

    upgrade()
    started = time.perf_counter()
    counts = synth.synth(scale)
    db.session.commit()
    synth.checkpoint()
    counts["synth_s"] = round(time.perf_counter() - started, 1)
    org = {o.code: o for o in db.session.scalars(select(Organisation))}
    factory = Factory(app)
    people = {
        "admin": factory.person(Role.ADMIN, org=org["syn-city"], person_id="b-admin"),
        "district": factory.person(
            Role.UNION_ADMIN, org=org["syn-d00"], person_id="b-d"
        ),
        "union": factory.person(Role.UNION_ADMIN, org=org["syn-u000"], person_id="b-u"),
        "master": factory.person(
            Role.STATION_MASTER, org=org["syn-st000"], person_id="b-sm"
        ),
    }
    course = db.session.scalar(select(Course).order_by(Course.code))
    now = datetime.now(UTC)
    campaign = campaigns.create_campaign(
        people["admin"],
        "夏季防暑急救月",
        [course.id],
        [],
        [],
        now,
        now + timedelta(days=30),
    )
    member = db.session.scalar(
        select(Person.id).where(Person.organisation_id == org["syn-st000"].id)
    )
    db.session.commit()
    ids = {
        "d": org["syn-d00"].id,
        "st": org["syn-st000"].id,
        "course": course.id,
        "campaign": campaign.id,
        "member": member,
    }
    return {"counts": counts, "people": people, "ids": ids}


def pages(ids: dict) -> list[tuple[str, str]]:
    month = datetime.now(UTC).strftime("%Y-%m")
    return [
        ("admin", "/union/dashboard"),
        (
            "admin",
            f"/union/dashboard?platform=meituan&course={ids['course']}&from=2026-01&to={month}",
        ),
        ("admin", f"/union/dashboard?org={ids['d']}"),
        ("district", "/union/dashboard"),
        ("union", "/union/dashboard"),
        ("admin", f"/union/dashboard?org={ids['st']}"),
        ("admin", "/union/behind"),
        ("admin", "/union/behind?page=20"),
        ("admin", f"/union/behind?course={ids['course']}&platform=meituan"),
        ("admin", f"/union/members/{ids['member']}"),
        ("admin", f"/union/campaigns/{ids['campaign']}"),
        ("union", f"/union/campaigns/{ids['campaign']}"),
        ("master", "/station/"),
    ]


def time_pages(clients: dict, ids: dict, repeat: int) -> list[dict]:
    rows = []
    for who, url in pages(ids):
        client = clients[who]
        assert client.get(url).status_code == 200, url  # warm-up
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            answer = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, url
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        rows.append(
            {
                "who": who,
                "url": url,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(p95, 1),
            }
        )
    return rows


def run_export(client, url: str, trace: bool) -> dict:
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    answer = client.get(url, buffered=False)
    size = sum(len(chunk) for chunk in answer.iter_encoded())
    answer.close()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    return {
        "url": url,
        "seconds": round(seconds, 2),
        "bytes": size,
        "peak_mb": round(peak / 2**20, 1) if peak else None,
    }


PASSWORD = "correct horse 42"  # tests.support.factories.PASSWORD


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-union-"))
    os.environ["LMS_DATA_DIR"] = str(folder)
    sys.path.insert(0, str(ROOT))
    from lms import create_app
    from lms.extensions import db

    url, drop = database(args.db, folder)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "LMS_DATA_DIR": str(folder),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    try:
        with app.app_context():
            setup = prepare(app, args.scale)
            phones = {who: p.phone for who, p in setup["people"].items()}
            db.session.remove()
        clients = {}  # each request gets its own app context and session, as in production
        for who, phone in phones.items():
            clients[who] = app.test_client()
            clients[who].post("/login", data={"phone": phone, "password": PASSWORD})
        page_rows = time_pages(clients, setup["ids"], args.repeat)
        exports = []
        for fmt in ("xlsx", "csv"):
            target = f"/union/export/members.{fmt}"
            exports.append(
                {
                    **run_export(clients["admin"], target, False),
                    "peak_mb": run_export(clients["admin"], target, True)["peak_mb"],
                }
            )
    finally:
        with app.app_context():
            db.engine.dispose()
        drop()
    report(args, setup["counts"], page_rows, exports)
    return 0


def report(args, counts: dict, page_rows: list[dict], exports: list[dict]) -> None:
    print(f"union dashboards, {args.db}, scale {args.scale}: {counts}")
    print(f"{'who':9} {'p50 ms':>8} {'p95 ms':>8}  page")
    for row in page_rows:
        print(f"{row['who']:9} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f}  {row['url']}")
    worst = max(r["p95_ms"] for r in page_rows)
    print(
        f"worst p95 {worst:.1f} ms (target <= 300): {'OK' if worst <= 300 else 'MISSED'}"
    )
    for e in exports:
        print(
            f"export {e['url']}: {e['seconds']:.2f} s, {e['bytes']} bytes, "
            f"peak Python memory {e['peak_mb']} MB (tracemalloc)"
        )
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"union-{args.db}-{args.scale}-{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "db": args.db,
                "scale": args.scale,
                "counts": counts,
                "pages": page_rows,
                "exports": exports,
                "worst_p95_ms": worst,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"written {out}")


if __name__ == "__main__":
    sys.exit(main())
