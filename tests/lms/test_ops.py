"""Health, readiness, metrics and request ids (lms/ops), on both databases."""

import io
import json
import logging
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from lms.models import LessonProgress, Role, TranscodeJob

REDIS_URL = "redis://127.0.0.1:6379/0"
NOBODY_LISTENS = "redis://127.0.0.1:18599/0"  # in this branch's port range, unused


def samples(client) -> dict:
    """The metrics page as {(name, sorted labels): value}."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_healthz_answers_without_touching_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_is_ready_on_a_migrated_instance(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "ok"
    assert set(response.json["checks"]) == {"database", "redis", "media", "migrations"}
    assert set(response.json["checks"].values()) == {"ok"}


@pytest.mark.app_config(LMS_REDIS_URL=REDIS_URL)
def test_readyz_pings_a_configured_redis(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json["checks"]["redis"] == "ok"


@pytest.mark.app_config(LMS_REDIS_URL=NOBODY_LISTENS)
def test_readyz_fails_when_redis_is_down(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "fail"
    assert response.json["checks"]["redis"].startswith("redis: ")
    assert response.json["checks"]["database"] == "ok"


def test_readyz_fails_when_media_cannot_be_written(app, client):
    media = app.config["LMS_DATA_DIR"] + "/media"
    with open(media, "w") as blocker:  # a file where the folder should be
        blocker.write("x")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["media"].startswith("media: ")


def test_readyz_fails_when_the_database_is_behind_the_code(client, db):
    current = db.session.scalar(db.text("SELECT version_num FROM alembic_version"))
    db.session.execute(db.text("UPDATE alembic_version SET version_num = '0010_x'"))
    db.session.commit()
    try:
        response = client.get("/readyz")
    finally:
        db.session.execute(
            db.text("UPDATE alembic_version SET version_num = :v"), {"v": current}
        )
        db.session.commit()
    assert response.status_code == 503
    why = response.json["checks"]["migrations"]
    assert "0010_x" in why and current in why


def test_request_id_is_honoured_or_made_and_returned(client):
    given = client.get("/healthz", headers={"X-Request-ID": "nginx-abc.123"})
    assert given.headers["X-Request-ID"] == "nginx-abc.123"
    made = client.get(
        "/healthz", headers={"X-Request-ID": "bad id <script>" + "x" * 200}
    )
    assert (
        len(made.headers["X-Request-ID"]) == 32
        and " " not in made.headers["X-Request-ID"]
    )
    assert (
        client.get("/healthz").headers["X-Request-ID"] != made.headers["X-Request-ID"]
    )


def test_logs_are_json_lines_carrying_the_request_id(app):
    from lms.ops import logs

    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logs.use_json_logs(stream)
    try:
        with app.test_request_context(headers={"X-Request-ID": "req-42"}):
            app.preprocess_request()
            logging.getLogger("lms.test").warning("点名 %s", "x")
        logging.getLogger("lms.test").info("outside")
    finally:
        root.handlers, _ = saved
        root.setLevel(saved[1])
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["msg"] == "点名 x" and lines[0]["request_id"] == "req-42"
    assert lines[0]["level"] == "warning" and lines[0]["logger"] == "lms.test"
    assert lines[1]["request_id"] is None


def test_metrics_count_requests_per_endpoint(client):
    before = samples(client)
    for _ in range(3):
        client.get("/healthz")
    after = samples(client)
    key = (
        "lms_http_requests_total",
        (("endpoint", "ops.healthz"), ("method", "GET"), ("status", "200")),
    )
    assert after[key] - before.get(key, 0) == 3
    latency = (
        "lms_http_request_duration_seconds_count",
        (("endpoint", "ops.healthz"),),
    )
    assert after[latency] - before.get(latency, 0) == 3


def event(start, end, at):
    return {
        "id": str(uuid.uuid4()),
        "from": start,
        "to": end,
        "rate": 1.0,
        "at": at.isoformat(),
    }


def test_metrics_count_accepted_and_dropped_heartbeat_events(
    client, db, factory, sample_course_dir
):
    course = factory.course(sample_course_dir)
    lesson = course.lessons[0]
    lesson.video_duration_s = 100.0
    worker = factory.person(Role.WORKER)
    db.session.commit()
    factory.login(client, worker)
    assert client.get(f"/api/v1/lessons/{lesson.id}").status_code == 200
    row = db.session.scalar(db.select(LessonProgress))
    now = datetime.now(UTC)
    row.first_opened_at = now - timedelta(seconds=100)
    db.session.commit()
    before = samples(client)
    good = event(0, 15, now - timedelta(seconds=60))
    future = event(15, 30, now + timedelta(hours=1))
    url = f"/api/v1/lessons/{lesson.id}/progress"
    assert client.post(url, json={"events": [good, future]}).status_code == 200
    assert client.post(url, json={"events": [good]}).status_code == 200  # a replay
    after = samples(client)

    def delta(outcome, reason):
        key = (
            "lms_heartbeat_events_total",
            (("outcome", outcome), ("reason", reason)),
        )
        return after.get(key, 0) - before.get(key, 0)

    assert delta("accepted", "") == 1
    assert delta("dropped", "future") == 1


def test_metrics_report_queue_and_outbox_at_scrape_time(
    client, db, factory, sample_course_dir
):
    course = factory.course(sample_course_dir)
    job = TranscodeJob(
        lesson_id=course.lessons[0].id,
        kind="upload",
        source_key="k",
        created_at=datetime.now(UTC) - timedelta(seconds=90),
    )
    db.session.add(job)
    db.session.commit()
    found = samples(client)
    assert found[("lms_transcode_jobs", (("state", "queued"),))] == 1
    assert found[("lms_transcode_oldest_queued_age_seconds", ())] >= 89
    assert ("lms_job_queue_pending", ()) in found
    assert found[("lms_points_outbox", (("state", "held"),))] == 0
    assert ("lms_points_outbox", (("state", "queued"),)) in found


def test_metrics_time_transcode_runs(client):
    from lms import tasks

    key = ("lms_transcode_duration_seconds_count", (("outcome", "skipped"),))
    before = samples(client).get(key, 0)
    assert tasks.transcode_lesson_video(987654) == "skipped"  # no such job
    assert samples(client)[key] - before == 1
