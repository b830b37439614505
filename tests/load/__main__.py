"""`make load`: lunch-break load on the two-node stack, then on one node, then a node
killed mid-run. Prints the figures and writes them to tests/load/results/.

For each shape, the number of simulated workers doubles from LOAD_START (20; halved
first while that fails) until a run breaks the bar (heartbeat p95 <= 300 ms, page p95 <= 800 ms, no errors), then one run
halfway between the last pass and the first failure. Each run lasts LOAD_RUN_S (75 s: a
simulated worker then has watched a lesson whole and taken its quiz).
The kill run uses 70 % of the two-node figure and SIGKILLs node b partway through; every
heartbeat the server acknowledged and every credit it reported must be in the database.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "load" / "results"
PORT = int(os.environ.get("LOAD_PORT", "18560"))
BASE = f"http://127.0.0.1:{PORT}"
DB = os.environ.get("LOAD_DB", "lms_load")
RUN_S = int(os.environ.get("LOAD_RUN_S", "75"))  # a lesson watched whole, and its quiz
START = int(os.environ.get("LOAD_START", "20"))
FLOOR = 5
CEILING = int(os.environ.get("LOAD_MAX", "800"))
HEARTBEAT_P95_MS, PAGE_P95_MS = 300, 800
ENV = {k: v for k, v in os.environ.items() if not k.startswith("LMS_")}
ENV |= {"STACK_DIR": str(ROOT / "instance" / "load"), "STACK_PORT": str(PORT)}
ENV |= {"STACK_DB": DB, "LOAD_TOKENS": str(OUT / "tokens.json")}
# The shipped library (every lesson has a quiz the simulated workers fail) and the
# small test course (no quiz: watching earns credits), so the kill run sees credits.
ENV |= {"STACK_COURSES": "courses/content tests/data/courses/sample-101"}


def stack(*args: str) -> str:
    done = subprocess.run(
        ["sh", "deploy/stack.sh", *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(
            f"deploy/stack.sh {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
        )
    return done.stdout.strip()


def locust(
    users: int, label: str, run_s: int = RUN_S, journal: Path | None = None
) -> dict:
    prefix = OUT / label
    env = ENV | ({"LOAD_JOURNAL": str(journal)} if journal else {})
    command = [str(ROOT / ".venv" / "bin" / "locust"), "-f", "tests/load/locustfile.py"]
    command += ["--headless", "--only-summary", "--host", BASE, "--csv", str(prefix)]
    command += ["-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{run_s}s"]
    command += ["--stop-timeout", "20", "--exit-code-on-error", "0"]
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return summary(users, Path(f"{prefix}_stats.csv"))


def summary(users: int, stats: Path) -> dict:
    rows = {r["Name"]: r for r in csv.DictReader(stats.open())}
    pages = [
        r for name, r in rows.items() if name not in ("api:heartbeat", "Aggregated")
    ]
    beat = rows.get("api:heartbeat", {})
    result = {
        "users": users,
        "requests": int(rows["Aggregated"]["Request Count"]),
        "failures": int(rows["Aggregated"]["Failure Count"]),
        "rps": round(float(rows["Aggregated"]["Requests/s"]), 1),
        "heartbeats": int(beat.get("Request Count", 0)),
        "heartbeat_p95_ms": _ms(beat.get("95%")),
        "page_p95_ms": max((_ms(r["95%"]) for r in pages), default=0),
        "slowest_page": max(pages, key=lambda r: _ms(r["95%"]))["Name"]
        if pages
        else None,
        "machine_load": round(os.getloadavg()[0], 1),  # others share these 2 cores
    }
    result["ok"] = (
        result["failures"] == 0
        and result["heartbeats"] > 0
        and result["heartbeat_p95_ms"] <= HEARTBEAT_P95_MS
        and result["page_p95_ms"] <= PAGE_P95_MS
    )
    print(f"  {json.dumps(result, ensure_ascii=False)}", flush=True)
    return result


def _ms(value) -> float:
    return float(value) if value not in (None, "", "N/A") else 0.0


def ladder(label: str) -> tuple[int, list[dict]]:
    """The most users that pass the bar: halving from LOAD_START while a run fails,
    else doubling until one fails, then one run halfway between."""
    runs, users, best, worst = [], START, 0, None

    def attempt(n: int) -> bool:
        runs.append(locust(n, f"{label}-{n}"))
        return runs[-1]["ok"]

    while not attempt(users):
        worst, users = users, users // 2
        if users < FLOOR:
            return 0, runs
    best = users
    while worst is None and users * 2 <= CEILING:
        users *= 2
        if attempt(users):
            best = users
        else:
            worst = users
    if worst and worst - best > FLOOR and attempt((best + worst) // 2):
        best = (best + worst) // 2
    return best, runs


def _ticks_by_group(groups: set[int], pids: set[int]) -> float:
    """CPU seconds used so far by the processes in `groups` (process groups) or `pids`."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, group = int(stat.parent.name), int(fields[2])
        if group in groups or pid in pids:
            # utime + stime, and cutime + cstime: a gunicorn master has reaped the
            # workers it recycled (max_requests), and their time is counted there.
            total += sum(int(f) for f in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def _database_backends() -> set[int]:
    engine = sa.create_engine(f"postgresql+psycopg://127.0.0.1:5432/{DB}")
    with engine.connect() as conn:
        query = "SELECT pid FROM pg_stat_activity WHERE datname = :db AND pid <> pg_backend_pid()"
        pids = {r[0] for r in conn.execute(sa.text(query), {"db": DB})}
    engine.dispose()
    return pids


def cpu_run(users: int) -> dict:
    """CPU seconds per 1,000 requests spent by the app nodes (gunicorn, both nodes) and
    by PostgreSQL's backends for this database: a figure per core that does not depend
    on what else the machine is running."""
    pids = ROOT / "instance" / "load" / "pids"
    web = {int((pids / f"web-{n}.pid").read_text()) for n in ("a", "b")}
    backends = _database_backends()
    app0, db0 = _ticks_by_group(web, set()), _ticks_by_group(set(), backends)
    result = locust(users, f"cpu-{users}")
    backends |= _database_backends()  # connections opened during the run count too
    app_s = _ticks_by_group(web, set()) - app0
    db_s = _ticks_by_group(set(), backends) - db0
    per_k = 1000 / max(result["requests"], 1)
    result |= {
        "app_cpu_s": round(app_s, 1),
        "db_cpu_s": round(db_s, 1),
        "app_cpu_s_per_1000_requests": round(app_s * per_k, 2),
        "db_cpu_s_per_1000_requests": round(db_s * per_k, 2),
        "requests_per_user_minute": round(result["requests"] / users / (RUN_S / 60), 2),
    }
    print(f"  cpu: {json.dumps(result, ensure_ascii=False)}", flush=True)
    return result


def kill_run(users: int) -> dict:
    """SIGKILL node b a third of the way in; nothing acknowledged may be missing."""
    journal = OUT / "kill-journal.json"
    run_s = max(RUN_S, 90)
    timer = threading.Timer(run_s / 3, lambda: stack("kill-node", "b"))
    timer.start()
    result = locust(users, f"kill-{users}", run_s=run_s, journal=journal)
    timer.join()
    written = json.loads(journal.read_text())
    engine = sa.create_engine(f"postgresql+psycopg://127.0.0.1:5432/{DB}")
    with engine.connect() as conn:
        events = {r[0] for r in conn.execute(sa.text("SELECT id FROM progress_events"))}
        credits = {r[0] for r in conn.execute(sa.text("SELECT id FROM credit_entries"))}
    engine.dispose()
    result |= {
        "acked_events": len(written["acked_events"]),
        "acked_events_missing": len(set(written["acked_events"]) - events),
        "events_never_acked": len(written["unsent_events"]),
        "credits_reported": len(written["credits"]),
        "credits_missing": len(set(written["credits"]) - credits),
    }
    print(f"  kill: {json.dumps(result, ensure_ascii=False)}", flush=True)
    return result


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.time()
    print(stack("start"), flush=True)
    print(stack("python", "-m", "tests.load.prepare", str(CEILING), ENV["LOAD_TOKENS"]))
    try:
        # Not counted: every process opens its search index and database pool, and
        # the import's course changes (re-applied for 60 s) are behind us.
        print("warm-up:", flush=True)
        locust(START, "warm-up", run_s=60)
        print("two nodes:", flush=True)
        two, two_runs = ladder("two")
        stack("stop-node", "b")
        print("one node:", flush=True)
        one, one_runs = ladder("one")
        stack("start-node", "b")
        print("two nodes, CPU per request:", flush=True)
        cpu = cpu_run(max(START, two))
        print("two nodes, node b killed mid-run:", flush=True)
        killed = kill_run(max(START, int(two * 0.7)))
    finally:
        stack("stop")
    report = {
        "two_nodes": two,
        "one_node": one,
        "ratio": round(two / one, 2) if one else None,
        "runs": {"two": two_runs, "one": one_runs},
        "kill": killed,
        "cpu": cpu,
        "load_average": os.getloadavg(),
        "run_s": RUN_S,
        "minutes": round((time.time() - started) / 60, 1),
    }
    (OUT / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(
        f"most concurrent workers within the bar: two nodes {two}, one node {one}, "
        f"ratio {report['ratio']}; kill run: {killed['acked_events_missing']} acknowledged "
        f"events and {killed['credits_missing']} credits missing"
    )
    lost = killed["acked_events_missing"] or killed["credits_missing"]
    sys.exit(1 if lost or killed["events_never_acked"] else 0)


if __name__ == "__main__":
    main()
