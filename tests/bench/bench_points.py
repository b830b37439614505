"""Benchmark of the points export: push 100,000 ledger entries to a local receiver.

Run: `.venv/bin/python tests/bench/bench_points.py [--entries N] [--batch B]`.
Builds a fresh SQLite database with the real migrations in a temporary directory,
writes the entries in bulk, starts the fake points platform (which checks the
contract and the signature of every batch) and times `deliver()` until the queue is
empty. Target: 100,000 entries in at most 20 s. Figures go to tests/bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-points-"))
os.environ["LMS_DATA_DIR"] = str(WORK)  # before lms is imported
os.environ.pop("LMS_DATABASE_URL", None)

from lms import create_app  # noqa: E402
from lms.extensions import db  # noqa: E402
from lms.models import CreditEntry, Person  # noqa: E402
from lms.services.points import outbox as points_outbox  # noqa: E402
from lms.services.points.push import Settings, deliver  # noqa: E402
from tests.support.points_receiver import running_receiver  # noqa: E402

SECRET, SOURCE = "bench-secret", "bench-lms"
TARGET_S = 20.0


def build_app(batch: int):
    from flask_migrate import upgrade

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{WORK / 'lms.sqlite3'}",
            "LMS_POINTS_SECRET": SECRET,
            "LMS_INSTANCE_ID": SOURCE,
            "LMS_POINTS_BATCH_SIZE": batch,
        }
    )
    with app.app_context():
        upgrade()
    return app


def seed(count: int, people: int = 1000) -> float:
    """Bulk-insert `count` lesson entries spread over `people` workers."""
    started = time.perf_counter()
    db.session.execute(
        db.insert(Person),
        [{"person_id": f"P{n:07d}", "name": f"工人{n}"} for n in range(people)],
    )
    pks = db.session.scalars(db.select(Person.id).order_by(Person.id)).all()
    now = datetime.now(UTC)
    for start in range(0, count, 10_000):
        rows = [
            {
                "id": str(uuid.uuid4()),
                "person_pk": pks[n % people],
                "person_id": f"P{n % people:07d}",
                "kind": "lesson",
                "credit_hours": Decimal("0.25"),
                "course_code": "first-aid-101",
                "lesson_code": f"lesson-{n % 40}",
                "title": f"急救第{n % 40}课：心肺复苏",
                "earned_at": now,
                "org_code": "union-a",
                "created_at": now,
            }
            for n in range(start, min(count, start + 10_000))
        ]
        db.session.execute(db.insert(CreditEntry), rows)
    db.session.commit()
    return time.perf_counter() - started


def run(entries: int, batch: int) -> dict:
    app = build_app(batch)
    with app.app_context(), running_receiver(SECRET, SOURCE) as receiver:
        seed_s = seed(entries)
        app.config["LMS_POINTS_URL"] = receiver.url
        started = time.perf_counter()
        report = deliver(Settings.from_config(app.config))
        push_s = time.perf_counter() - started
        assert report.outcome == "empty", report
        assert len(receiver.awarded) == entries and receiver.twice() == []
        assert receiver.violations == [] and points_outbox.counts()["queued"] == 0
        return {
            "entries": entries,
            "batch": batch,
            "batches": report.batches,
            "seed_s": round(seed_s, 2),
            "push_s": round(push_s, 2),
            "entries_per_s": round(entries / push_s),
            "ms_per_batch": round(1000 * push_s / report.batches, 1),
            "target_s": TARGET_S,
            "met": push_s <= TARGET_S * entries / 100_000,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    try:
        result = run(args.entries, args.batch)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    print(
        f"{'entries':>9}{'batches':>9}{'seed s':>8}{'push s':>8}{'per s':>8}"
        f"{'ms/batch':>10}  target ≤ {TARGET_S:.0f} s per 100k"
    )
    print(
        f"{result['entries']:>9}{result['batches']:>9}{result['seed_s']:>8.2f}"
        f"{result['push_s']:>8.2f}{result['entries_per_s']:>8}"
        f"{result['ms_per_batch']:>10.1f}  {'met' if result['met'] else 'MISSED'}"
    )
    out = ROOT / "tests" / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"points-{stamp}.json"
    machine = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    path.write_text(json.dumps({**result, "machine": machine}, indent=2) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
