"""Benchmark of the phone experience (issue 6), in Debian's Chromium at 360x640.

Run: `.venv/bin/python tests/bench/bench_phone.py [--lessons N] [--rounds R]`.
- page weight: bytes transferred for a lesson page, by type, first visit (no service
  worker, empty cache), as Playwright reports them; budget 30 KB for HTML+CSS+JS;
- first frame: tap on a lesson → its first video frame, network throttled through CDP
  (1.6 Mbps down, 150 ms RTT); "pending" while no lesson has a video (then the time to
  the guide's first paint is given instead);
- search: p50/p95 of `GET /api/v1/search` over HTTP on a generated catalogue of N
  lessons (default 2,000), and the index build time from the database.
Prints a table; writes JSON to tests/bench/results/.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DATA = tempfile.mkdtemp(prefix="bench-phone-")
os.environ["LMS_DATA_DIR"] = DATA  # before lms is imported
os.environ.pop("LMS_DATABASE_URL", None)
os.environ.pop("LMS_REDIS_URL", None)

from tests.bench.bench_search import QUERIES, catalogue, percentile  # noqa: E402
from tests.support.live import PHONE, chromium, serve  # noqa: E402

PASSWORD = "bench horse 42"
BUDGET = 30 * 1024
THROTTLE = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 0.75e6 / 8,
}
SHELL_TYPES = {"document", "stylesheet", "script"}
FIRST_FRAME_JS = """
document.addEventListener('DOMContentLoaded', () => {
  const v = document.getElementById('player');
  if (!v) return;
  const seen = () => { window.__firstFrame = window.__firstFrame || Date.now(); };
  if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(seen);
  v.addEventListener('playing', () => setTimeout(seen, 0), {once: true});
});
new PerformanceObserver(list => { for (const e of list.getEntries())
  if (e.name === 'first-contentful-paint') window.__fcp = performance.timeOrigin + e.startTime;
}).observe({type: 'paint', buffered: true});
"""


def make_app():
    from flask_migrate import upgrade

    from lms import create_app

    url = f"sqlite:///{DATA}/bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def seed(app, lessons: int) -> dict:
    """The real course library, a worker, and a generated catalogue of `lessons`."""
    from courses.check import quiz_checker
    from courses.loader import find_courses, load_course
    from lms.extensions import db
    from lms.models import Course, CourseStatus, Lesson
    from lms.services.accounts.people import ensure_person
    from lms.services.catalogue.importing import import_course

    with app.app_context():
        for folder in find_courses(ROOT / "courses" / "content"):
            spec = load_course(folder, check_quiz=quiz_checker())
            import_course(spec, Path(DATA) / "media")
        person, _ = ensure_person(
            "BENCH1", name="测试骑手", phone="13900000001", password=PASSWORD
        )
        courses = {}
        for doc in catalogue(lessons):
            if doc.kind == "course":
                courses[doc.id] = Course(
                    code=f"gen-{doc.id}",
                    title=doc.title,
                    summary=doc.summary,
                    topic="other",
                    status=CourseStatus.PUBLISHED,
                )
                db.session.add(courses[doc.id])
            else:
                courses[doc.course_id].lessons.append(
                    Lesson(
                        code=doc.id, title=doc.title, guide_md=doc.body, duration_s=300
                    )
                )
        db.session.commit()
        first = db.session.scalar(db.select(Course).order_by(Course.id))
        lesson = first.lessons[0]
        return {
            "phone": person.phone,
            "course": lesson.course_id,
            "lesson": lesson.id,
            "has_video": False,
        }


def attach_video(app, lesson_id: int) -> float:
    """Give the lesson a 30 s H.264/AAC video through the video pipeline (generated
    with ffmpeg lavfi, queued and transcoded as an import); returns seconds taken."""
    import subprocess

    from lms.extensions import db
    from lms.models import Lesson
    from lms.services.video.importing import request_file_video
    from lms.services.video.worker import run_job

    clip = Path(DATA) / "clip.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-y",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=1280x720:rate=25:duration=30",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=30",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            str(clip),
        ],
        check=True,
        timeout=300,
    )
    start = time.perf_counter()
    with app.app_context():
        job = request_file_video(db.session.get(Lesson, lesson_id), clip)
        db.session.commit()
        run_job(job.id)
    return round(time.perf_counter() - start, 1)


def build_index(app) -> dict:
    from lms.services.catalogue import search_index

    with app.app_context():
        start = time.perf_counter()
        docs = search_index.all_docs()
        read_s = time.perf_counter() - start
        count = search_index.current().rebuild(docs)
        return {
            "documents": count,
            "read_db_s": round(read_s, 2),
            "build_s": round(time.perf_counter() - start, 2),
        }


def sign_in(page, base: str, phone: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#phone", phone)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def signed_in_state(browser, base: str, phone: str) -> dict:
    """Cookies of a signed-in worker, for fresh contexts (empty HTTP cache)."""
    context = browser.new_context(**PHONE, service_workers="block")
    sign_in(context.new_page(), base, phone)
    state = context.storage_state()
    context.close()
    return state


def has_player(browser, base: str, seeded: dict) -> bool:
    """Whether the lesson page shows the video (the player's wiring has landed)."""
    state = signed_in_state(browser, base, seeded["phone"])
    context = browser.new_context(**PHONE, service_workers="block", storage_state=state)
    page = context.new_page()
    page.goto(f"{base}/lessons/{seeded['lesson']}")
    found = page.locator("video").count() > 0
    context.close()
    return found


def page_weight(browser, base: str, seeded: dict) -> dict:
    state = signed_in_state(browser, base, seeded["phone"])
    context = browser.new_context(**PHONE, service_workers="block", storage_state=state)
    sizes: dict[str, int] = {}
    page = context.new_page()
    page.on("requestfinished", lambda r: _count(sizes, r))
    page.goto(f"{base}/lessons/{seeded['lesson']}", wait_until="networkidle")
    context.close()
    shell = sum(v for k, v in sizes.items() if k in SHELL_TYPES)
    return {"by_type": sizes, "html_css_js": shell, "budget": BUDGET}


def _count(sizes: dict, request) -> None:
    body = request.sizes()
    total = body["responseBodySize"] + body["responseHeadersSize"]
    kind = request.resource_type
    sizes[kind] = sizes.get(kind, 0) + total


def first_frame(browser, base: str, seeded: dict) -> dict:
    state = signed_in_state(browser, base, seeded["phone"])
    context = browser.new_context(**PHONE, service_workers="block", storage_state=state)
    context.add_init_script(FIRST_FRAME_JS)
    page = context.new_page()
    page.context.new_cdp_session(page).send(
        "Network.emulateNetworkConditions", THROTTLE
    )
    page.goto(f"{base}/courses/{seeded['course']}")
    link = page.locator(f"a[href^='/lessons/{seeded['lesson']}']").first
    tapped = time.time() * 1000
    link.click()
    mark = "__firstFrame" if seeded["has_video"] else "__fcp"
    page.wait_for_function(f"window.{mark}", timeout=30000)
    ms = page.evaluate(f"window.{mark}") - tapped
    context.close()
    key = "first_frame_ms" if seeded["has_video"] else "first_paint_ms"
    return {
        key: round(ms),
        "target_ms": 3000,
        "video": "measured" if seeded["has_video"] else "pending",
    }


def search_latency(base: str, seeded: dict, rounds: int) -> dict:
    token = _post(
        f"{base}/api/v1/auth/token", {"phone": seeded["phone"], "password": PASSWORD}
    )["token"]
    timings, hits = [], {}
    for _ in range(rounds):
        for q in [q for qs in QUERIES.values() for q in qs]:
            url = f"{base}/api/v1/search?" + urllib.parse.urlencode({"q": q})
            request = urllib.request.Request(
                url,
                headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"},
            )
            start = time.perf_counter()
            with urllib.request.urlopen(request) as answer:
                body = answer.read()
                if answer.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
            timings.append((time.perf_counter() - start) * 1000)
            hits[q] = len(json.loads(body)["results"])
    return {
        "n": len(timings),
        "p50_ms": round(percentile(timings, 50), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "hits": hits,
    }


def _post(url: str, body: dict) -> dict:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read())


def report(results: dict) -> None:
    weight, frame, search, index = (
        results[k] for k in ("weight", "frame", "search", "index")
    )
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"{'measure':<38}{'value':>12}{'target':>12}")
    for kind, size in sorted(weight["by_type"].items()):
        print(f"{'  lesson page: ' + kind:<38}{size / 1024:>10.1f}KB{'':>12}")
    print(
        f"{'lesson page HTML+CSS+JS (gzip)':<38}{weight['html_css_js'] / 1024:>10.1f}KB"
        f"{BUDGET / 1024:>10.0f}KB"
    )
    if frame["video"] == "measured":
        print(
            f"{'tap → first video frame (throttled)':<38}{frame['first_frame_ms']:>10}ms{3000:>10}ms"
        )
    else:
        print(
            f"{'tap → first video frame':<38}{'pending':>12}{3000:>10}ms  (no lesson video yet)"
        )
        print(f"{'tap → first paint (throttled)':<38}{frame['first_paint_ms']:>10}ms")
    print(f"{'search p50 over HTTP':<38}{search['p50_ms']:>10}ms")
    print(f"{'search p95 over HTTP':<38}{search['p95_ms']:>10}ms")
    print(
        f"{'index build from DB (' + str(index['documents']) + ' docs)':<38}{index['build_s']:>11}s"
    )
    out = ROOT / "tests" / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"phone-{stamp}.json"
    results |= {"at": stamp, "load_average": [round(x, 2) for x in os.getloadavg()]}
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lessons", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    app = make_app()
    seeded = seed(app, args.lessons)
    results = {"lessons": args.lessons, "index": build_index(app)}
    if not seeded["has_video"]:
        results["transcode_s"] = attach_video(app, seeded["lesson"])
    with serve(app) as base, chromium() as browser:
        seeded["has_video"] = has_player(browser, base, seeded)
        results["weight"] = page_weight(browser, base, seeded)
        results["frame"] = first_frame(browser, base, seeded)
        results["search"] = search_latency(base, seeded, args.rounds)
    report(results)


if __name__ == "__main__":
    main()
