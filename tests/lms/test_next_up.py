"""Where a worker continues (learner pages): the next unfinished lesson, a finished
lesson restarts at 0, a finished course offers its certificate; the lesson checklist
says what completion needs, as the completion rule does; the daily goal counts only
verified minutes; the running union campaign shows with its deadline."""

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lms.models import LessonProgress, Role
from lms.services.learning import completion, journey


@pytest.fixture
def course(factory, sample_course_dir):
    return factory.course(sample_course_dir)


@pytest.fixture
def worker(client, factory):
    person = factory.person(Role.WORKER)
    factory.login(client, person)
    return person


def finish(client, db, lesson, position=None):
    """Open the lesson long enough ago, leave it at `position`, read its guide."""
    client.get(f"/api/v1/lessons/{lesson.id}")
    row = db.session.scalar(db.select(LessonProgress).filter_by(lesson_id=lesson.id))
    row.first_opened_at = datetime.now(UTC) - timedelta(minutes=5)
    db.session.commit()
    if position is not None:
        body = {"position": position}
        client.post(f"/api/v1/lessons/{lesson.id}/progress", json=body)
    assert client.post(f"/api/v1/lessons/{lesson.id}/guide-read").json["completed"]


def test_a_finished_lesson_sends_home_to_the_next_and_restarts_at_zero(
    client, db, course, worker
):
    first, second = course.lessons
    finish(client, db, first, position=234.0)  # left at its very end
    home = client.get("/").text
    assert f'href="/lessons/{second.id}#play"' in home
    assert f'href="/lessons/{first.id}#play"' not in home and "3:54" not in home
    assert "下一课" in home
    assert 'data-position="0.0"' in client.get(f"/lessons/{first.id}").text


def test_a_new_worker_is_offered_the_first_lesson(client, course, worker):
    home = client.get("/").text
    assert f'href="/lessons/{course.lessons[0].id}#play"' in home


def test_a_finished_course_offers_its_certificate_and_home_has_no_next(
    client, db, course, worker
):
    page = client.get(f"/courses/{course.id}").text
    assert f"/courses/{course.id}/certificate" not in page
    for lesson in course.lessons:
        finish(client, db, lesson)
    page = client.get(f"/courses/{course.id}").text
    assert "课程已完成" in page
    assert f'href="/courses/{course.id}/certificate"' in page
    assert client.get(f"/courses/{course.id}/certificate").status_code == 200
    assert 'data-testid="next-up"' not in client.get("/").text


def test_the_checklist_agrees_with_the_completion_rule(db, course, factory):
    lesson = course.lessons[0]
    person_id, now = factory.person(Role.WORKER).id, datetime.now(UTC)
    for video, quiz, guide, watched in itertools.product(
        [None, 100.0], [False, True], [False, True], [0.0, 80.0, 89.5, 90.0]
    ):
        lesson.video_duration_s, lesson.has_quiz = video, quiz
        row = LessonProgress(
            person_id=person_id,
            lesson_id=lesson.id,
            watched_seconds=watched,
            guide_read_at=now if guide else None,
            quiz_passed_at=now if quiz and watched else None,
        )
        steps = journey.checklist(lesson, row)
        assert all(s.done for s in steps) == completion.is_complete(lesson, row)
        kinds = ["video"] * bool(video) + ["guide"] * (not video) + ["quiz"] * quiz
        assert [s.kind for s in steps] == kinds


def test_home_counts_verified_minutes_only_toward_the_daily_goal(
    client, db, course, worker
):
    lesson = course.lessons[0]
    lesson.video_duration_s = 1000.0
    db.session.commit()
    assert "今天已学 0.0 / 10 分钟" in client.get("/").text
    client.get(f"/api/v1/lessons/{lesson.id}")
    row = db.session.scalar(db.select(LessonProgress))
    now = datetime.now(UTC)
    row.first_opened_at = now - timedelta(minutes=20)
    db.session.commit()

    def event(start, end, minutes_ago):
        at = (now - timedelta(minutes=minutes_ago)).isoformat()
        return {
            "id": str(uuid.uuid4()),
            "from": start,
            "to": end,
            "rate": 1.0,
            "at": at,
        }

    events = [event(0, 300, 10), event(300, 540, 1)]  # 9 minutes, in turn
    client.post(f"/api/v1/lessons/{lesson.id}/progress", json={"events": events})
    forged = event(540, 900, 2)  # 6 more minutes in the same wall time: dropped
    client.post(f"/api/v1/lessons/{lesson.id}/progress", json={"events": [forged]})
    home = client.get("/").text
    assert "今天已学 9.0 / 10 分钟" in home and "连续" not in home
    body = {"events": [event(540, 600, 0)]}  # one more minute, just now
    client.post(f"/api/v1/lessons/{lesson.id}/progress", json=body)
    home = client.get("/").text
    assert "今日目标已完成：学了 10 分钟。" in home
    assert "连续 1 周达标" in home and home.count('class="met"') == 1


def test_home_shows_the_running_union_campaign_with_its_deadline(
    client, db, course, worker, factory
):
    from lms.models import Campaign, CampaignTarget

    now = datetime.now(UTC)
    for title, days in (("消防安全月", 10), ("已结束的活动", -1)):
        db.session.add(
            Campaign(
                title=title,
                created_by_id=worker.id,
                starts_at=now - timedelta(days=20),
                deadline_at=now + timedelta(days=days),
                targets=[CampaignTarget()],
            )
        )
    db.session.commit()
    home = client.get("/").text
    assert "工会活动：消防安全月" in home and "已结束的活动" not in home
    deadline = (now + timedelta(days=10)).astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"截止日期 {deadline.date().isoformat()}" in home
