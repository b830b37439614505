"""Quizzes in the learner API (learner-api.md, "Quizzes"): nothing given away before
submission, grading once, passing completes the lesson through the one rule."""

import json
import re

import pytest

from lms.models import CreditEntry, QuizAttempt, Role
from lms.services.assessment import store as quiz_store
from tests.support.quiz_helpers import (
    copy_quiz_course,
    mark_guide_read,
    option_id,
    right_answers,
    start,
    submit,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def course(factory, tmp_path):
    return factory.course(copy_quiz_course(tmp_path))


@pytest.fixture
def lesson(course):
    return course.lessons[0]


@pytest.fixture
def worker(client, factory):
    person = factory.person(Role.WORKER)
    factory.login(client, person)
    return person


def stored(db, attempt_id) -> QuizAttempt:
    return db.session.get(QuizAttempt, int(attempt_id))


def test_the_lesson_tells_the_quiz_size_and_pass_mark(client, course, worker):
    first, second = course.lessons
    assert client.get(f"/api/v1/lessons/{first.id}").json["quiz"] == {
        "question_count": 7,
        "pass_score": 0.8,
    }
    gift = client.get(f"/api/v1/lessons/{second.id}").json["quiz"]
    assert gift == {"question_count": 2, "pass_score": 0.5}
    lessons = client.get(f"/api/v1/courses/{course.id}").json["lessons"]
    assert [x["has_quiz"] for x in lessons] == [True, True]


SECRET_KEYS = {
    "correct",
    "weight",
    "answer",
    "answers",
    "feedback",
    "feedback_html",
    "feedback_true",
    "feedback_false",
    "score",
    "results",
    "pairs",
    "items",
    "pinned",
    "passed",
}


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


def test_no_response_before_submission_gives_an_answer_away(client, course, worker):
    quiz = quiz_store.load(quiz_store.lesson_quiz(course.lessons[0])[1])
    secrets = [o.feedback for q in quiz.questions for o in q.options if o.feedback]
    secrets += [q.feedback for q in quiz.questions if q.feedback]
    secrets += [a.feedback for q in quiz.questions for a in q.answers if a.feedback]
    secrets += [q.feedback_true for q in quiz.questions if q.feedback_true]
    bodies = [client.get("/api/v1/courses").json]
    bodies.append(client.get(f"/api/v1/courses/{course.id}").json)
    for lesson in course.lessons:
        bodies.append(client.get(f"/api/v1/lessons/{lesson.id}").json)
        created = start(client, lesson)
        assert created.status_code == 201
        bodies.append(created.json)
        for question in created.json["questions"]:
            assert set(question) <= {
                "id",
                "type",
                "prompt_html",
                "options",
                "left",
                "right",
            }
            for entry in question.get("options", []) + question.get("right", []):
                assert set(entry) == {"id", "html"}
    for body in bodies:
        assert not keys_in(body) & SECRET_KEYS, keys_in(body) & SECRET_KEYS
        text = json.dumps(body, ensure_ascii=False)
        assert not [s for s in secrets if len(s) > 4 and s in text]  # "对。" is common
        assert "feedback" not in text and "weight" not in text


def test_the_attempt_shows_every_type_with_opaque_ids(client, lesson, worker):
    body = start(client, lesson).json
    assert body["pass_score"] == 0.8 and body["deadline_at"] is None
    types = {q["type"] for q in body["questions"]}
    assert types == {
        "single",
        "multiple",
        "truefalse",
        "short",
        "numerical",
        "matching",
        "ordering",
    }
    ordering = next(q for q in body["questions"] if q["type"] == "ordering")
    assert all(re.fullmatch(r"[0-9a-f]{12}", o["id"]) for o in ordering["options"])
    single = next(q for q in body["questions"] if q["type"] == "single")
    assert (
        "<img" in single["prompt_html"]
        and "/media/courses/quiz-101/" in (single["prompt_html"])
    )


def test_passing_completes_the_lesson_and_credits_once(client, db, lesson, worker):
    attempt_id = start(client, lesson).json["attempt_id"]
    mark_guide_read(db, worker, lesson)
    answer = submit(client, attempt_id, right_answers(db, attempt_id))
    assert answer.status_code == 200
    body = answer.json
    assert body["score"] == 1.0 and body["passed"] is True
    assert all(r["correct"] and r["score"] == 1.0 for r in body["results"].values())
    assert "对。" in body["results"]["where"]["feedback_html"]
    assert body["progress"]["quiz_passed"] is True
    assert body["progress"]["completed"] is True
    assert (
        body["credit"]["kind"] == "lesson"
        and body["credit"]["lesson_code"] == "charging"
    )
    again = submit(client, attempt_id, right_answers(db, attempt_id))
    assert again.status_code == 409
    assert again.json["error"]["code"] == "already_submitted"
    assert CHINESE.search(again.json["error"]["message"])
    second = start(client, lesson).json["attempt_id"]
    assert second != attempt_id
    body = submit(client, second, right_answers(db, second)).json
    assert body["passed"] is True and body["credit"] is None
    assert db.session.scalar(db.select(db.func.count()).select_from(CreditEntry)) == 1


def test_passing_before_reading_the_guide_does_not_complete(client, db, lesson, worker):
    attempt_id = start(client, lesson).json["attempt_id"]
    body = submit(client, attempt_id, right_answers(db, attempt_id)).json
    assert body["passed"] is True and body["credit"] is None
    assert body["progress"]["quiz_passed"] is True
    assert body["progress"]["completed"] is False
    lesson_body = client.get(f"/api/v1/lessons/{lesson.id}").json
    assert lesson_body["progress"]["quiz_passed"] is True


def test_failing_gives_feedback_and_no_pass(client, db, lesson, worker):
    attempt = start(client, lesson).json
    seed = stored(db, attempt["attempt_id"]).seed
    answers = {"where": option_id(seed, "where", 1), "overnight": True, "number": "110"}
    body = submit(client, attempt["attempt_id"], answers).json
    assert body["passed"] is False and body["score"] == 0.0
    assert "楼道着火" in body["results"]["where"]["feedback_html"]
    assert "充满就要拔掉" in body["results"]["overnight"]["feedback_html"]
    assert "火警电话是 119" in body["results"]["number"]["feedback_html"]
    assert body["results"]["signs"] == {
        "correct": False,
        "score": 0.0,
        "feedback_html": "",
    }
    assert body["progress"]["quiz_passed"] is False and body["credit"] is None


def test_partial_credit_is_the_mean_of_the_questions(client, db, lesson, worker):
    attempt_id = start(client, lesson).json["attempt_id"]
    answers = right_answers(db, attempt_id)
    answers["signs"] = answers["signs"][:1]  # half of the multiple choice
    del answers["steps"]
    body = submit(client, attempt_id, answers).json
    assert body["results"]["signs"]["score"] == 0.5
    assert body["results"]["steps"]["score"] == 0.0
    assert body["score"] == pytest.approx(5.5 / 7)
    assert body["passed"] is False  # 0.786 < 0.8


BAD_ANSWERS = [
    lambda ok: "not an object",
    lambda ok: [ok["where"]],
    lambda ok: {**ok, "no-such-question": 1},
    lambda ok: {**ok, "where": "ffffffffffff"},
    lambda ok: {**ok, "where": [ok["where"]]},
    lambda ok: {**ok, "signs": ok["signs"][0]},
    lambda ok: {**ok, "signs": [{"id": 1}]},
    lambda ok: {**ok, "overnight": "false"},
    lambda ok: {**ok, "number": 119},
    lambda ok: {**ok, "number": "9" * 1001},
    lambda ok: {**ok, "hours": "seven"},
    lambda ok: {**ok, "hours": True},
    lambda ok: {**ok, "hours": 10**400},
    lambda ok: {**ok, "pairs": list(ok["pairs"].values())},
    lambda ok: {**ok, "pairs": {"x": "y"}},
    lambda ok: {**ok, "steps": ok["steps"][:-1]},
    lambda ok: {**ok, "steps": ok["steps"][:1] * 3},
]


def test_malformed_answers_are_422_in_chinese(client, db, lesson, worker):
    attempt_id = start(client, lesson).json["attempt_id"]
    ok = right_answers(db, attempt_id)
    for number, make in enumerate(BAD_ANSWERS):
        answer = submit(client, attempt_id, make(ok))
        assert answer.status_code == 422, (number, answer.json)
        assert answer.json["error"]["code"] == "invalid_answer"
        assert CHINESE.search(answer.json["error"]["message"]), number
    assert stored(db, attempt_id).submitted_at is None  # still open: fix and resend
    assert submit(client, attempt_id, ok).status_code == 200


def test_a_body_that_is_not_an_object_is_refused(client, lesson, worker):
    attempt_id = start(client, lesson).json["attempt_id"]
    url = f"/api/v1/quiz/attempts/{attempt_id}"
    for data in ("[1, 2]", "not json", ""):
        answer = client.post(url, data=data, content_type="application/json")
        assert (
            answer.status_code == 400 and answer.json["error"]["code"] == "invalid_json"
        )
    assert client.post(url, json={}).status_code == 422  # "answers" missing


def test_attempts_are_private_and_lessons_without_quiz_have_none(
    client, factory, db, lesson, worker, sample_course_dir
):
    attempt_id = start(client, lesson).json["attempt_id"]
    other = factory.person(Role.WORKER)
    client.post("/logout")
    factory.login(client, other)
    assert submit(client, attempt_id, {}).status_code == 404
    assert submit(client, "99999999", {}).status_code == 404
    assert submit(client, "abc", {}).status_code == 404
    plain = factory.course(sample_course_dir).lessons[0]
    answer = start(client, plain)
    assert answer.status_code == 404 and answer.json["error"]["code"] == "no_quiz"
    assert client.get(f"/api/v1/lessons/{plain.id}").json["quiz"] is None


def test_an_open_attempt_is_resumed_not_restarted(client, db, lesson, worker):
    first = start(client, lesson)
    again = start(client, lesson)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json == first.json
    assert db.session.scalar(db.select(db.func.count()).select_from(QuizAttempt)) == 1


def test_anonymous_callers_get_401(client, lesson):
    assert start(client, lesson).status_code == 401
    assert submit(client, "1", {}).status_code == 401


@pytest.mark.app_config(LMS_XAPI_URL="http://127.0.0.1:9/xapi")
def test_a_submitted_attempt_becomes_one_xapi_statement(client, db, lesson, worker):
    from lms.models import XapiStatement

    attempt = start(client, lesson).json
    submit(client, attempt["attempt_id"], {})  # nothing answered: a failed attempt
    rows = db.session.scalars(db.select(XapiStatement)).all()
    assert [r.verb for r in rows] == ["failed"]
    assert rows[0].statement["result"]["score"]["scaled"] == 0.0
