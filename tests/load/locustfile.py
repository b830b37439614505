"""A worker at lunch break, for Locust: open the home page, a course and a lesson,
search, watch with a heartbeat every 15 s (reading the guide beside the video), take
the quiz, rest.

Settings from the environment: LOAD_TOKENS (the JSON file tests/load/prepare.py wrote),
LOAD_BEATS (heartbeats per lesson, 4), LOAD_JOURNAL (a file: every heartbeat event id
the server acknowledged and every credit it reported, written when the run stops).
A heartbeat that fails is sent again (same event ids), as the phone's queue does.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid
from datetime import UTC, datetime

from locust import HttpUser, constant, events, task

TOKENS = json.load(open(os.environ["LOAD_TOKENS"]))["tokens"]
BEATS = int(os.environ.get("LOAD_BEATS", "4"))
BEAT_S = 15.0
WORDS = ["止血", "骑行", "灭火", "调解", "安全", "急救", "火灾", "心肺复苏"]
_next_token = itertools.count()
JOURNAL = {"acked_events": [], "credits": [], "unsent_events": []}


class Worker(HttpUser):
    wait_time = constant(0)  # the session paces itself

    def on_start(self) -> None:
        token = TOKENS[next(_next_token) % len(TOKENS)]
        self.client.headers["Authorization"] = f"Bearer {token}"
        courses = self.client.get("/api/v1/courses", name="api:courses").json()
        self.courses = [c["id"] for c in courses["courses"]]

    @task
    def lunch_break(self) -> None:
        self.client.get("/", name="page:home")
        course_id = random.choice(self.courses)
        self.client.get(f"/courses/{course_id}", name="page:course")
        course = self.client.get(f"/api/v1/courses/{course_id}", name="api:course")
        lesson = random.choice(course.json()["lessons"])
        self.client.get(f"/lessons/{lesson['id']}", name="page:lesson")
        words = random.choice(WORDS)
        self.client.get("/search", params={"q": words}, name="page:search")
        for beat in range(BEATS):
            self._sleep(BEAT_S)
            self.watched(lesson["id"], beat)
            if beat == 1:  # the guide is read beside the video
                url = f"/api/v1/lessons/{lesson['id']}/guide-read"
                self.client.post(url, name="api:guide-read")
        if lesson.get("has_quiz"):
            self.quiz(lesson["id"])
        self._sleep(random.uniform(5, 15))

    def watched(self, lesson_id: str, beat: int) -> None:
        """The heartbeat after the `beat`-th 15 s of watching."""
        event = {
            "id": str(uuid.uuid4()),
            "from": beat * BEAT_S,
            "to": (beat + 1) * BEAT_S,
            "rate": 1.0,
            "at": datetime.now(UTC).isoformat(),
        }
        self.beat(lesson_id, {"events": [event], "position": (beat + 1) * BEAT_S})

    def beat(self, lesson_id: str, body: dict) -> None:
        url = f"/api/v1/lessons/{lesson_id}/progress"
        for attempt in range(6):
            with self.client.post(
                url, json=body, name="api:heartbeat", catch_response=True
            ) as r:
                if r.status_code == 200:
                    JOURNAL["acked_events"] += [e["id"] for e in body["events"]]
                    credit = r.json().get("credit")
                    if credit:
                        JOURNAL["credits"].append(credit["id"])
                    return
                r.failure(f"HTTP {r.status_code}")
            self._sleep(min(2**attempt, 8))
        JOURNAL["unsent_events"] += [e["id"] for e in body["events"]]

    def quiz(self, lesson_id: str) -> None:
        started = self.client.post(
            f"/api/v1/lessons/{lesson_id}/quiz/attempts", name="api:quiz-start"
        )
        if started.status_code in (200, 201):
            attempt = started.json()["attempt_id"]
            self.client.post(
                f"/api/v1/quiz/attempts/{attempt}",
                json={"answers": {}},
                name="api:quiz-submit",
            )

    def _sleep(self, seconds: float) -> None:
        import gevent

        gevent.sleep(seconds)


@events.quitting.add_listener
def _write_journal(environment, **_kw) -> None:
    path = os.environ.get("LOAD_JOURNAL")
    if path:
        with open(path, "w") as handle:
            json.dump(JOURNAL, handle)
