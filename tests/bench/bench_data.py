"""Benchmark of the data a minute of learning costs (issue 20), in Debian's Chromium
at 360x640 on a throttled link (1.6 Mbps down, 150 ms RTT, through CDP).

Run: `.venv/bin/python tests/bench/bench_data.py [--seconds 60]`.
A 100 s 1280x720 lesson video (lavfi testsrc2 with a tone: busy pictures, so every rung
runs near its bit-rate cap) goes through the real pipeline. For each mode, 自动 (auto),
省流量 (data saver) and 听课 (listen), a fresh signed-in phone taps play and watches for
`--seconds`; the bytes received for the lesson's media (playlists, segments, audio)
are counted from CDP's network events, and the tap → first frame (or first sound)
time is taken. Targets: 省流量 ≤ 1.3 × the 240p rung's bytes for that minute, 自动 ≤
the 360p rung's, 听课 ≤ 0.4 MB, first frame ≤ 3 s. Writes JSON to tests/bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DATA = tempfile.mkdtemp(prefix="bench-data-")
os.environ["LMS_DATA_DIR"] = DATA  # before lms is imported
os.environ.pop("LMS_DATABASE_URL", None)
os.environ.pop("LMS_REDIS_URL", None)

from tests.bench.bench_phone import THROTTLE, make_app, signed_in_state  # noqa: E402
from tests.support.live import PHONE, chromium, serve  # noqa: E402

MIB = 1024 * 1024
PASSWORD = "bench horse 42"  # as bench_phone.signed_in_state signs in
CLIP_S = 100
MODES = {  # localStorage the player reads
    "自动 auto": {"ra-data-saver": "0", "ra-listen": "0"},
    "省流量 data saver": {"ra-data-saver": "1", "ra-listen": "0"},
    "听课 listen": {"ra-data-saver": "0", "ra-listen": "1"},
}
FIRST_FRAME_JS = """
window.__firstFrame = null;
document.addEventListener('DOMContentLoaded', () => {
  const v = document.getElementById('player');
  if (!v) return;
  const seen = () => { window.__firstFrame = window.__firstFrame || Date.now(); };
  const listening = () => v.dataset.engine === 'listen';  // no frames: first sound
  if (v.requestVideoFrameCallback) v.requestVideoFrameCallback(seen);
  v.addEventListener('playing', () => { if (!listening()) setTimeout(seen, 0); });
  v.addEventListener('timeupdate', () => { if (listening() && v.currentTime > 0) seen(); });
});
"""


def seed(app) -> dict:
    """The sample course, a worker, and a 100 s video on its first lesson."""
    import subprocess

    from courses.check import quiz_checker
    from courses.loader import load_course
    from lms.extensions import db
    from lms.services.accounts.people import ensure_person
    from lms.services.catalogue.importing import import_course
    from lms.services.video.importing import request_file_video
    from lms.services.video.worker import run_job

    clip = Path(DATA) / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-loglevel", "error"]
        + ["-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=25:duration={CLIP_S}"]
        + ["-f", "lavfi", "-i", f"sine=frequency=440:duration={CLIP_S}"]
        + ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]
        + ["-c:a", "aac", "-shortest", str(clip)],
        check=True,
        timeout=600,
    )
    folder = ROOT / "tests" / "data" / "courses" / "sample-101"
    with app.app_context():
        course = import_course(
            load_course(folder, check_quiz=quiz_checker()), Path(DATA) / "media"
        )
        phones = {}
        for i, mode in enumerate(MODES):  # one worker per mode: each starts at 0:00
            phone = f"1390000001{i}"
            ensure_person(f"BENCH2{i}", name="测试骑手", phone=phone, password=PASSWORD)
            phones[mode] = phone
        lesson = course.lessons[0]
        job = request_file_video(lesson, clip)
        db.session.commit()
        start = time.perf_counter()
        run_job(job.id)
        took = time.perf_counter() - start
        return {"phones": phones, "lesson": lesson.id, "transcode_s": took}


def rung_bytes_per_minute(app, lesson_id: int) -> dict:
    """Each HLS rung's bytes for a minute, and the listen file's, from the manifest."""
    from lms.extensions import db
    from lms.models import Lesson
    from lms.services.video import store

    with app.test_request_context():
        video = store.video_object(db.session.get(Lesson, lesson_id))
        manifest = store.published(lesson_id).manifest
    per_min = {
        r["name"]: r["hls_bytes"] / manifest["duration_s"] * 60
        for r in manifest["renditions"]
    }
    per_min["listen"] = video["audio"]["bytes"] / manifest["duration_s"] * 60
    return per_min


def watch(browser, base: str, seeded: dict, mode: str, seconds: float) -> dict:
    settings = MODES[mode]
    state = signed_in_state(browser, base, seeded["phones"][mode])
    context = browser.new_context(**PHONE, service_workers="block", storage_state=state)
    context.add_init_script(
        "".join(f"localStorage.setItem('{k}', '{v}');" for k, v in settings.items())
        + FIRST_FRAME_JS
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    received: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: urls.update({e["requestId"]: e["request"]["url"]}),
    )
    cdp.on(
        "Network.dataReceived",
        lambda e: received.update(
            {e["requestId"]: received.get(e["requestId"], 0) + e["encodedDataLength"]}
        ),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: received.update({e["requestId"]: e["encodedDataLength"]}),
    )
    page.goto(f"{base}/lessons/{seeded['lesson']}", wait_until="networkidle")
    tapped = time.time() * 1000
    page.evaluate("document.getElementById('player').play()")
    page.wait_for_function("window.__firstFrame", timeout=30000)
    first = page.evaluate("window.__firstFrame") - tapped
    page.wait_for_timeout(seconds * 1000)
    played = page.evaluate("document.getElementById('player').currentTime")
    engine = page.get_attribute("#player", "data-engine")
    height = page.get_attribute("#player", "data-height")
    media = sum(
        n for rid, n in received.items() if "/media/videos/" in urls.get(rid, "")
    )
    context.close()
    return {
        "media_bytes": media,
        "first_frame_ms": round(first),
        "played_s": round(played, 1),
        "engine": engine,
        "rung": f"{height}p" if height else None,
    }


def report(results: dict) -> None:
    per_min, modes = results["rung_bytes_per_minute"], results["modes"]
    targets = {
        "自动 auto": per_min.get("360p"),
        "省流量 data saver": 1.3 * per_min["240p"],
        "听课 listen": 0.4 * MIB,
    }
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"transcode of the {CLIP_S} s clip: {results['transcode_s']:.1f} s")
    for name, size in per_min.items():
        print(f"  rung {name:<8} {size / MIB:6.2f} MB a minute")
    print(
        f"{'mode':<20}{'played':>8}{'MB':>8}{'target':>9}{'ok':>5}{'first':>9}  engine"
    )
    for name, got in modes.items():
        target = targets[name]
        ok = "yes" if got["media_bytes"] <= target else "NO"
        print(
            f"{name:<20}{got['played_s']:>7}s{got['media_bytes'] / MIB:>8.2f}"
            f"{target / MIB:>9.2f}{ok:>5}{got['first_frame_ms']:>7}ms"
            f"  {got['engine']} {got['rung'] or ''}"
        )
    out = ROOT / "tests" / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"data-{stamp}.json"
    results |= {"at": stamp, "load_average": [round(x, 2) for x in os.getloadavg()]}
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    app = make_app()
    seeded = seed(app)
    results = {
        "seconds": args.seconds,
        "transcode_s": seeded["transcode_s"],
        "rung_bytes_per_minute": rung_bytes_per_minute(app, seeded["lesson"]),
        "modes": {},
    }
    with serve(app) as base, chromium() as browser:
        for mode in MODES:
            results["modes"][mode] = watch(browser, base, seeded, mode, args.seconds)
    report(results)


if __name__ == "__main__":
    main()
