"""The production shape on this machine (deploy/stack.sh, `make stack`): nginx in front
of two gunicorn nodes, PostgreSQL, Redis, a job worker per node and one scheduler. A
worker signs in through nginx in Chromium, plays a lesson's HLS through nginx and earns
a credit; one node stops and the worker earns another through the other; both nodes
answer /readyz and /metrics; logs are JSON lines carrying nginx's request id."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import PG_URL

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
PORT = 18520  # nginx; nodes 18521, 18522; Redis 18523 (not `make stack`'s 18500)
SERVER = PG_URL.rsplit("/", 1)[0]
SHOTS = Path("/tmp/shots/deploy")
SAMPLE = ROOT / "tests" / "data" / "courses" / "sample-101"


@dataclass
class Stack:
    folder: Path
    env: dict
    db: sa.Engine
    base: str = f"http://127.0.0.1:{PORT}"

    def node(self, name: str) -> str:
        return f"http://127.0.0.1:{PORT + (1 if name == 'a' else 2)}"

    def run(self, *args: str, timeout: int = 300) -> str:
        done = subprocess.run(
            ["sh", "deploy/stack.sh", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        logs = self.folder / "logs"
        tails = {p.name: p.read_text()[-1500:] for p in logs.glob("*.log")}
        assert done.returncode == 0, (done.stdout, done.stderr, tails)
        return done.stdout

    def scalar(self, sql: str, **params):
        with self.db.connect() as conn:
            return conn.execute(sa.text(sql), params).scalar()

    def rows(self, sql: str) -> list:
        with self.db.connect() as conn:
            return list(conn.execute(sa.text(sql)))


def course_with_videos(folder: Path) -> Path:
    """The sample course, each lesson with a 6 s source video: importing it queues
    the transcodes, which the stack's workers run while the nodes start."""
    course = folder / "sample-101"
    shutil.copytree(SAMPLE, course)
    make_clip(course / "videos" / "clip.mp4")
    for lesson in (course / "lessons").glob("*.md"):
        text = lesson.read_text()
        lesson.write_text(text.replace("\n", "\nvideo: ../videos/clip.mp4\n", 1))
    return course


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stack")
    course = course_with_videos(tmp_path_factory.mktemp("course"))
    name = f"lms_stack_{uuid.uuid4().hex[:8]}"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LMS_") and k != "PROMETHEUS_MULTIPROC_DIR"
    }
    env |= {
        "STACK_DIR": str(folder),
        "STACK_PORT": str(PORT),
        "STACK_DB": name,
        "STACK_COURSES": str(course),
        "STACK_WEB_WORKERS": "1",
    }
    stack = Stack(folder, env, sa.create_engine(f"{SERVER}/{name}"))
    try:
        stack.run("start")
        yield stack
    finally:
        stack.db.dispose()
        subprocess.run(
            ["sh", "deploy/stack.sh", "stop"], cwd=ROOT, env=env, timeout=120
        )
        admin = sa.create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_clip(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    video = "testsrc=size=320x240:rate=25:duration=6"
    audio = "sine=frequency=440:duration=6"
    command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y"]
    command += ["-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio]
    command += ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
    subprocess.run([*command, str(path)], check=True, timeout=60)
    return path


def wait_for_videos(stack: Stack, count: int, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while stack.scalar("SELECT count(*) FROM lesson_videos") < count:
        failed = stack.rows(
            "SELECT error_message FROM transcode_jobs WHERE state = 'failed'"
        )
        assert not failed and time.monotonic() < deadline, failed
        time.sleep(1)


def metrics(url: str) -> dict:
    response = requests.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200
    found = {}
    for family in text_string_to_metric_families(response.text):
        for s in family.samples:
            found[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return found


def ready(url: str) -> dict:
    response = requests.get(f"{url}/readyz", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def demo_worker_password(stack: Stack) -> str:
    text = (stack.folder / "demo-accounts.txt").read_text()
    return re.search(r"worker .*phone (\d+)\s+password (\S+)", text).groups()


def play(page, base: str, lesson_id: int) -> None:
    page.goto(f"{base}/lessons/{lesson_id}")
    page.wait_for_selector("#player[data-engine]", state="attached")
    page.evaluate(
        """() => { const v = document.getElementById('player');
            v.defaultPlaybackRate = 2; v.playbackRate = 2; v.play(); }"""
    )
    # polled from here: the stack runs the production CSP, which refuses the eval that
    # wait_for_function needs
    deadline = time.monotonic() + 60
    while not page.evaluate("() => document.getElementById('player').ended"):
        assert time.monotonic() < deadline, "the lesson did not play to its end"
        page.wait_for_timeout(200)


def wait_for_credits(stack: Stack, count: int, timeout_s: float = 30) -> list:
    deadline = time.monotonic() + timeout_s
    while True:
        rows = stack.rows(
            "SELECT id, kind, lesson_code FROM credit_entries ORDER BY seq"
        )
        if len(rows) >= count:
            return rows
        assert time.monotonic() < deadline, rows
        time.sleep(0.3)


def test_two_nodes_behind_nginx_serve_as_one(stack, phone):
    wait_for_videos(stack, 2)
    for node in ("a", "b"):
        assert ready(stack.node(node))["checks"] == dict.fromkeys(
            ("database", "media", "migrations", "redis"), "ok"
        )
    lessons = dict(stack.rows("SELECT code, id FROM lessons"))
    phone_no, password = demo_worker_password(stack)
    media = []
    page = phone.new_page()
    page.on(
        "response", lambda r: media.append(r) if "/media/videos/" in r.url else None
    )
    page.goto(f"{stack.base}/login")
    page.fill("#phone", phone_no)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{stack.base}/")
    assert (
        page.locator("form[action='/logout'] button").text_content().strip() == "退出"
    )  # in the phone menu

    play(page, stack.base, lessons["rain-riding"])
    page.screenshot(path=str(SHOTS / "stack-lesson-played.png"))
    assert page.locator("#player").get_attribute("data-engine") in ("native", "hlsjs")
    kinds = {(r.url.rsplit(".", 1)[1], r.headers.get("content-type")) for r in media}
    assert ("m3u8", "application/vnd.apple.mpegurl") in kinds, kinds
    assert ("m4s", "video/iso.segment") in kinds, kinds  # the app names the type
    assert all(r.status in (200, 206) for r in media)
    first = wait_for_credits(stack, 1)
    assert [(k, code) for _, k, code in first] == [("lesson", "rain-riding")]

    # The segment leaves nginx from the shared volume, immutable, with Range.
    segment = next(r.url for r in media if r.url.endswith(".m4s"))
    part = requests.get(segment, headers={"Range": "bytes=0-99"}, timeout=10)
    assert part.status_code == 206 and len(part.content) == 100
    assert part.headers["Server"].startswith("nginx")
    assert "immutable" in part.headers["Cache-Control"]

    stack.run("stop-node", "a")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{stack.node('a')}/healthz", timeout=5)
    for _ in range(6):  # nginx sends everything to node b now
        assert requests.get(f"{stack.base}/healthz", timeout=10).status_code == 200
    play(page, stack.base, lessons["visibility"])  # the same session, on node b
    later = wait_for_credits(stack, 2)
    assert ("lesson", "visibility") in [(k, code) for _, k, code in later]
    assert len({entry_id for entry_id, _, _ in later}) == len(later)
    dropped = stack.scalar("SELECT count(*) FROM progress_events WHERE NOT is_accepted")
    assert dropped == 0

    on_b = metrics(stack.node("b"))
    assert ready(stack.node("b"))["status"] == "ok"
    accepted = ("lms_heartbeat_events_total", (("outcome", "accepted"), ("reason", "")))
    assert on_b[accepted] >= 1
    assert any(k[0] == "lms_http_requests_total" for k in on_b)
    stack.run("start-node", "a")
    assert ready(stack.node("a"))["status"] == "ok"
    on_a = metrics(stack.node("a"))
    assert ("lms_points_outbox", (("state", "queued"),)) in on_a
    assert on_a[("lms_transcode_jobs", (("state", "queued"),))] == 0


def test_logs_are_json_lines_with_nginx_request_id(stack):
    request_id = f"stack-{uuid.uuid4().hex[:12]}"
    response = requests.get(
        f"{stack.base}/healthz", headers={"X-Request-ID": request_id}, timeout=10
    )
    assert response.headers["X-Request-ID"] == request_id
    made = requests.get(f"{stack.base}/healthz", timeout=10).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)  # nginx's own $request_id
    time.sleep(0.5)
    logs = stack.folder / "logs"
    access = [
        json.loads(line)
        for name in ("web-a.access.log", "web-b.access.log")
        if (logs / name).exists()
        for line in (logs / name).read_text().splitlines()
    ]
    mine = [line for line in access if line["request_id"] == request_id]
    assert len(mine) == 1 and mine[0]["path"] == "/healthz"
    assert mine[0]["status"] == 200 and isinstance(mine[0]["duration_ms"], int)
    assert mine[0]["remote"] == "127.0.0.1"
    nginx = [
        json.loads(line)
        for line in (logs / "nginx-access.log").read_text().splitlines()
    ]
    assert [line["uri"] for line in nginx if line["request_id"] == request_id] == [
        "/healthz"
    ]
