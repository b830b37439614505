"""Verified watching (learner-api.md): replays, coverage, plausibility, completion, credit."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from lms.models import CreditEntry, LessonProgress, ProgressEvent, Role


def now():
    return datetime.now(UTC)


def event(start, end, at=None, rate=1.0, event_id=None):
    return {
        "id": event_id or str(uuid.uuid4()),
        "from": start,
        "to": end,
        "rate": rate,
        "at": (at or now()).isoformat(),
    }


@pytest.fixture
def lesson(factory, sample_course_dir, db):
    course = factory.course(sample_course_dir)
    first = course.lessons[0]
    first.video_duration_s = 100.0
    db.session.commit()
    return first


@pytest.fixture
def worker(client, factory):
    person = factory.person(Role.WORKER)
    factory.login(client, person)
    return person


def opened(client, db, lesson, worker, seconds_ago):
    """Open the lesson, then pretend it was opened `seconds_ago`."""
    assert client.get(f"/api/v1/lessons/{lesson.id}").status_code == 200
    row = db.session.scalar(
        db.select(LessonProgress).where(LessonProgress.person_id == worker.id)
    )
    row.first_opened_at = now() - timedelta(seconds=seconds_ago)
    db.session.commit()
    return row


def post(client, lesson, *events, position=None):
    body = {"events": list(events)}
    if position is not None:
        body["position"] = position
    return client.post(f"/api/v1/lessons/{lesson.id}/progress", json=body)


def test_watching_in_real_time_completes_and_credits_once(client, db, lesson, worker):
    opened(client, db, lesson, worker, 200)
    t0 = now() - timedelta(seconds=120)
    chunks = [
        event(s, s + 15, at=t0 + timedelta(seconds=s + 15)) for s in range(0, 90, 15)
    ]
    answer = post(client, lesson, *chunks, position=90).json
    assert answer["watched_seconds"] == 90.0 and answer["watched_ratio"] == 0.9
    assert answer["completed"] is True and answer["position"] == 90.0
    credit = answer["credit"]
    assert credit["kind"] == "lesson" and credit["credit_hours"] == "0.25"
    assert (
        credit["lesson_code"] == "rain-riding" and credit["course_code"] == "sample-101"
    )
    assert credit["person_id"] == worker.person_id
    again = post(client, lesson, event(90, 100, at=now())).json
    assert again["credit"] is None
    assert db.session.scalar(db.select(db.func.count()).select_from(CreditEntry)) == 1


def test_a_replayed_event_changes_nothing(client, db, lesson, worker):
    opened(client, db, lesson, worker, 100)
    same = event(0, 20, at=now() - timedelta(seconds=60))
    first = post(client, lesson, same).json
    second = post(client, lesson, same).json
    assert first == second and first["watched_seconds"] == 20.0
    assert db.session.scalar(db.select(db.func.count()).select_from(ProgressEvent)) == 1


def test_the_same_minute_twice_counts_once_and_coverage_is_clamped(
    client, db, lesson, worker
):
    opened(client, db, lesson, worker, 600)
    base = now() - timedelta(seconds=500)
    a = event(0, 60, at=base + timedelta(seconds=60))
    b = event(0, 60, at=base + timedelta(seconds=130))
    c = event(90, 140, at=base + timedelta(seconds=200))  # past the 100 s video
    answer = post(client, lesson, a, b, c).json
    assert answer["watched_seconds"] == 70.0


def test_forged_fast_events_are_dropped_and_counted(client, db, lesson, worker):
    opened(client, db, lesson, worker, 5)
    answer = post(client, lesson, event(0, 95, at=now())).json
    assert answer["watched_seconds"] == 0.0 and answer["credit"] is None
    row = db.session.scalar(db.select(LessonProgress))
    assert row.dropped_events == 1


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda: event(0, 10, at=now() + timedelta(hours=1)), "future"),
        (lambda: event(0, 10, at=now() - timedelta(hours=2)), "before_opened"),
    ],
)
def test_implausible_queued_events(client, db, lesson, worker, make, reason):
    opened(client, db, lesson, worker, 600)
    assert post(client, lesson, make()).json["watched_seconds"] == 0.0
    assert db.session.scalar(db.select(ProgressEvent.reason)) == reason


def test_queued_events_overlapping_in_client_time_are_dropped(
    client, db, lesson, worker
):
    opened(client, db, lesson, worker, 3600)
    at = now() - timedelta(minutes=30)
    first = event(0, 60, at=at)
    overlapping = event(
        60, 100, at=at + timedelta(seconds=20)
    )  # 40 s ending 20 s later
    answer = post(client, lesson, first, overlapping).json
    assert answer["watched_seconds"] == 60.0
    reasons = db.session.scalars(db.select(ProgressEvent.reason)).all()
    assert sorted(map(str, reasons)) == ["None", "overlapping"]


def test_queued_offline_session_is_accepted(client, db, lesson, worker):
    opened(client, db, lesson, worker, 3600)
    start = now() - timedelta(minutes=40)
    events = [
        event(s, s + 15, at=start + timedelta(seconds=s + 15)) for s in range(0, 90, 15)
    ]
    answer = post(client, lesson, *events).json
    assert answer["completed"] is True and answer["credit"] is not None


@pytest.mark.parametrize(
    "bad",
    [
        {"from": 10, "to": 5},
        {"from": -1, "to": 5},
        {"rate": 3.0},
        {"rate": 0.1},
        {"id": "not-a-uuid"},
        {"at": "yesterday"},
        {"at": "2026-11-29T10:00:00"},
        {"from": "1"},
        {"to": True},
    ],
)
def test_bad_events_are_400_and_change_nothing(client, db, lesson, worker, bad):
    opened(client, db, lesson, worker, 100)
    body = event(0, 5, at=now()) | bad
    response = post(client, lesson, event(0, 5, at=now()), body)
    assert response.status_code == 400
    assert response.json["error"]["message"]
    assert db.session.scalar(db.select(db.func.count()).select_from(ProgressEvent)) == 0


def test_nan_is_400(client, db, lesson, worker):
    raw = json.dumps({"events": [event(0, 5)]}).replace('"from": 0', '"from": NaN')
    response = client.post(
        f"/api/v1/lessons/{lesson.id}/progress",
        data=raw,
        content_type="application/json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body", ["[]", "not json", '{"events": {}}', '{"position": -3}']
)
def test_malformed_bodies_are_400(client, lesson, worker, body):
    response = client.post(
        f"/api/v1/lessons/{lesson.id}/progress",
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400


def test_guide_counts_as_read_only_after_a_dwell_time(
    client, db, factory, sample_course_dir, worker
):
    course = factory.course(sample_course_dir)
    lesson = course.lessons[1]  # no video: reading the guide completes it
    url = f"/api/v1/lessons/{lesson.id}/guide-read"
    client.get(f"/api/v1/lessons/{lesson.id}")
    too_soon = client.post(url).json
    assert too_soon["guide_read"] is False and too_soon["credit"] is None
    row = db.session.scalar(db.select(LessonProgress))
    row.first_opened_at = now() - timedelta(minutes=5)
    db.session.commit()
    done = client.post(url).json
    assert done["guide_read"] is True and done["completed"] is True
    assert done["credit"]["credit_hours"] == "0.25"


def test_course_bonus_after_the_last_lesson_and_my_credits(
    client, db, factory, sample_course_dir, worker
):
    course = factory.course(sample_course_dir)
    for lesson in course.lessons:
        client.get(f"/api/v1/lessons/{lesson.id}")
    for row in db.session.scalars(db.select(LessonProgress)):
        row.first_opened_at = now() - timedelta(minutes=5)
    db.session.commit()
    for lesson in course.lessons:
        client.post(f"/api/v1/lessons/{lesson.id}/guide-read")
    mine = client.get("/api/v1/me/credits").json
    assert mine["total_hours"] == "0.75"
    assert [c["kind"] for c in mine["credits"]] == ["course", "lesson", "lesson"]
    seqs = [c["seq"] for c in mine["credits"]]
    assert seqs == sorted(seqs, reverse=True)
    assert set(mine["credits"][0]) == {
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
    }


def test_progress_needs_a_signed_in_worker(client, lesson):
    assert post(client, lesson, event(0, 5)).status_code == 401


def outage_batch(opened_at, offsets=(7, 12.5, 18, 23.5)):
    """Four 5-second events queued during a short outage, sent in one request."""
    return [
        event(5 * i, 5 * i + 5, at=opened_at + timedelta(seconds=offset))
        for i, offset in enumerate(offsets)
    ]


@pytest.mark.parametrize("waited", [45, 130])
def test_live_events_sent_together_after_an_outage_are_all_credited(
    client, db, lesson, worker, waited
):
    row = opened(client, db, lesson, worker, waited)
    opened_at = row.first_opened_at.replace(tzinfo=UTC)
    answer = post(client, lesson, *outage_batch(opened_at), position=20).json
    assert answer["watched_seconds"] == 20.0
    reasons = db.session.scalars(db.select(ProgressEvent.reason)).all()
    assert reasons == [None] * 4


def test_forged_live_events_sent_together_get_no_more_than_the_clock_allows(
    client, db, lesson, worker
):
    row = opened(client, db, lesson, worker, 8)
    opened_at = row.first_opened_at.replace(tzinfo=UTC)
    forged = outage_batch(opened_at, offsets=(-22, -16.5, -11, -5.5))
    answer = post(client, lesson, *forged).json
    assert answer["watched_seconds"] == 10.0  # 8 s on the clock + 3 s of slack
    reasons = db.session.scalars(
        db.select(ProgressEvent.reason).order_by(ProgressEvent.start_s)
    ).all()
    assert reasons == [None, None, "too_fast", "too_fast"]
    again = post(client, lesson, event(20, 35, at=now())).json  # right after
    assert again["watched_seconds"] == 10.0
    row = db.session.scalar(db.select(LessonProgress))
    assert row.dropped_events == 3
