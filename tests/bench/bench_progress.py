"""Benchmark: the progress endpoint under gunicorn (2 workers, SQLite default) against a
bare Flask hello-world served the same way, both driven by wrk at 32 connections.

A third row, the floor, is our own app answering a JSON POST that does nothing (no
sign-in, no database): what Flask with our extensions costs before the endpoint's own
work. Each server is warmed up (3 s of the same load) before it is measured.

Targets (issue 5): throughput ratio >= 0.40, p99 latency <= 50 ms.
Run: .venv/bin/python tests/bench/bench_progress.py [--seconds 15]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
BIN = Path(sys.executable).parent
WORKERS = 300


def prepare(data_dir: Path) -> tuple[str, Path]:
    """A migrated SQLite database with a course, workers with tokens and opened lessons."""
    os.environ["LMS_DATA_DIR"] = str(data_dir)
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from lms import create_app
    from lms.extensions import db
    from lms.services.accounts import auth
    from lms.services.learning import progress
    from tests.support.factories import Factory

    app = create_app({"LMS_DATA_DIR": str(data_dir)})
    with app.app_context():
        upgrade()
        course = Factory(app).course(ROOT / "tests" / "data" / "courses" / "sample-101")
        lesson = course.lessons[0]
        lesson.video_duration_s = 600.0
        factory, tokens = Factory(app), []
        for _ in range(WORKERS):
            person = factory.person()
            tokens.append(auth.issue_token(person, days=1)[0])
            progress.open_lesson(person, lesson)
        db.session.commit()
        tokens_file = data_dir / "tokens.txt"
        tokens_file.write_text("\n".join(tokens) + "\n")
        return str(lesson.id), tokens_file


def serve(module: str, port: int, data_dir: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        LMS_DATA_DIR=str(data_dir),
        PYTHONPATH=str(ROOT),
        LMS_SEARCH_PRELOAD="1",  # as in production: jieba loaded before the fork
    )
    cmd = [
        str(BIN / "gunicorn"),
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--preload",
        "--no-control-socket",
        "--log-level",
        "warning",
        module,
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    for _ in range(100):
        try:
            import urllib.request

            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
        except OSError as exc:
            if getattr(exc, "code", None):  # an HTTP error means it answers
                return proc
            time.sleep(0.2)
        else:
            return proc
    raise RuntimeError(f"{module} did not start")


def wrk(url: str, seconds: int, script: Path | None, env: dict) -> dict:
    cmd = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run(
        cmd + [url], capture_output=True, text=True, env=env, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def _ms(value: str) -> float:
    number, unit = (
        float(re.match(r"[\d.]+", value).group()),
        re.sub(r"[\d.]+", "", value),
    )
    return number * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-progress-"))
    lesson_id, tokens_file = prepare(data_dir)
    env = dict(os.environ, LESSON_ID=lesson_id, TOKENS_FILE=str(tokens_file))
    servers = {
        "hello-world": ("tests.bench.hello_app:app", 8731, "/hello", "hello.lua"),
        "floor": ("tests.bench.noop_app:app", 8733, "/noop", "hello.lua"),
        "progress": ("lms:create_app()", 8732, "", "progress.lua"),
    }
    results = {}
    try:
        for name, (module, port, path, script) in servers.items():
            proc = serve(module, port, data_dir)
            try:
                url = f"http://127.0.0.1:{port}{path}"
                wrk(url, 3, HERE / script, env)  # warm-up, not measured
                results[name] = wrk(url, args.seconds, HERE / script, env)
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    report(results)


def report(results: dict) -> None:
    base, ours = results["hello-world"], results["progress"]
    ratio = ours["rps"] / base["rps"]
    floor_ratio = results["floor"]["rps"] / base["rps"]
    print(f"{'endpoint':<14}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
    for name, row in results.items():
        print(
            f"{name:<14}{row['rps']:>10.0f}{row['p50_ms']:>10.1f}{row['p99_ms']:>10.1f}{row['non_2xx']:>10}"
        )
    print(
        f"throughput ratio {ratio:.2f} (target >= 0.40; the floor's own ratio "
        f"{floor_ratio:.2f}); progress p99 {ours['p99_ms']:.1f} ms (target <= 50)"
    )
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    summary = results | {
        "throughput_ratio": round(ratio, 3),
        "floor_ratio": round(floor_ratio, 3),
    }
    (out / "progress.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
