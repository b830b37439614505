"""Racing submissions against a real threaded server: graded once, credited once."""

import json
import threading
import urllib.error
import urllib.request

import pytest

from lms.models import CreditEntry, QuizAttempt, Role
from tests.support.factories import PASSWORD
from tests.support.quiz_helpers import copy_quiz_course, mark_guide_read, right_answers


@pytest.fixture
def lesson(factory, tmp_path):
    return factory.course(copy_quiz_course(tmp_path)).lessons[0]


def call(url: str, body: dict | None = None, token: str | None = None):
    request = urllib.request.Request(
        url, data=json.dumps(body or {}).encode(), method="POST"
    )
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def token_for(live_server, person) -> str:
    status, body = call(
        f"{live_server}/api/v1/auth/token",
        {"phone": person.phone, "password": PASSWORD},
    )
    assert status == 200
    return body["token"]


def together(*jobs) -> list:
    """Run the jobs in threads released at the same moment; their results in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        barrier.wait()
        results[i] = job()

    threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def credits(db) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(CreditEntry))


def test_the_same_attempt_submitted_twice_at_once(db, factory, lesson, live_server):
    worker = factory.person(Role.WORKER)
    mark_guide_read(db, worker, lesson)
    token = token_for(live_server, worker)
    status, body = call(
        f"{live_server}/api/v1/lessons/{lesson.id}/quiz/attempts", token=token
    )
    assert status == 201
    url = f"{live_server}/api/v1/quiz/attempts/{body['attempt_id']}"
    answers = {"answers": right_answers(db, body["attempt_id"])}
    db.session.commit()
    results = together(*[lambda: call(url, answers, token)] * 4)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409, 409, 409], results
    winner = next(body for status, body in results if status == 200)
    assert winner["credit"]["kind"] == "lesson"
    assert credits(db) == 1
    assert db.session.get(QuizAttempt, int(body["attempt_id"])).is_passed is True


def test_two_attempts_passed_at_once_credit_once(db, factory, lesson, live_server):
    worker = factory.person(Role.WORKER)
    mark_guide_read(db, worker, lesson)
    token = token_for(live_server, worker)
    start = f"{live_server}/api/v1/lessons/{lesson.id}/quiz/attempts"
    first = call(start, token=token)[1]["attempt_id"]
    _, again = call(start, token=token)  # the open attempt is resumed...
    assert again["attempt_id"] == first
    second = _new_attempt(db, first)  # ...so the other phone's comes from the database
    jobs = []
    for attempt_id in (first, second):
        url = f"{live_server}/api/v1/quiz/attempts/{attempt_id}"
        answers = {"answers": right_answers(db, attempt_id)}
        jobs.append(lambda url=url, answers=answers: call(url, answers, token))
    db.session.commit()
    results = together(*jobs)
    assert [status for status, _ in results] == [200, 200], results
    assert sorted(bool(body["credit"]) for _, body in results) == [False, True]
    assert credits(db) == 1


def _new_attempt(db, attempt_id: str) -> str:
    """A second open attempt of the same person (as if started on another phone)."""
    db.session.commit()  # end the test's transaction: see what the server committed
    original = db.session.get(QuizAttempt, int(attempt_id))
    copy = QuizAttempt(
        person_id=original.person_id,
        quiz_id=original.quiz_id,
        quiz_version_id=original.quiz_version_id,
        lesson_id=original.lesson_id,
        seed=original.seed + 1,
        started_at=original.started_at,
    )
    db.session.add(copy)
    db.session.commit()
    return str(copy.id)
