"""Where a worker continues (learner pages): the next unfinished lesson, a finished
lesson restarts at 0, a finished course offers its certificate; the lesson checklist
says what completion needs, as the completion rule does."""

import itertools
from datetime import UTC, datetime, timedelta

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
