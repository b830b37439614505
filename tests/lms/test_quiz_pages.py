"""The learner's quiz pages without JavaScript: start, answer in a plain form, review."""

import re

import pytest
from werkzeug.datastructures import MultiDict

from lms.learner.quiz_form import answers_from_form
from lms.models import QuizAttempt, Role
from lms.services.assessment import attempts as quiz_attempts
from tests.support.quiz_helpers import copy_quiz_course, mark_guide_read, right_answers


@pytest.fixture
def lesson(factory, tmp_path):
    return factory.course(copy_quiz_course(tmp_path)).lessons[0]


@pytest.fixture
def worker(client, factory):
    person = factory.person(Role.WORKER)
    factory.login(client, person)
    return person


def form_fields(answers: dict) -> MultiDict:
    """The form a browser would send for these API answers (quiz_form.py's names)."""
    fields = MultiDict()
    for qid, answer in answers.items():
        if isinstance(answer, bool):
            fields.add(qid, "true" if answer else "false")
        elif isinstance(answer, dict):
            for left, right in answer.items():
                fields.add(f"{qid}/{left}", right)
        elif isinstance(answer, list) and qid == "steps":
            for position, item in enumerate(answer, start=1):
                fields.add(f"{qid}/{item}", str(position))
        elif isinstance(answer, list):
            for option in answer:
                fields.add(qid, option)
        else:
            fields.add(qid, str(answer))
    return fields


def test_taking_the_quiz_with_a_plain_form(client, db, lesson, worker):
    mark_guide_read(db, worker, lesson)
    page = client.get(f"/lessons/{lesson.id}").text
    assert f'href="/lessons/{lesson.id}/quiz"' in page and "参加测验" in page
    start_page = client.get(f"/lessons/{lesson.id}/quiz").text
    assert "电动车安全充电小测" in start_page and "80%" in start_page
    started = client.post(f"/lessons/{lesson.id}/quiz")
    assert started.status_code == 302
    attempt_url = started.headers["Location"]
    form_page = client.get(attempt_url).text
    assert form_page.count('<fieldset class="question') == 7
    assert "第 1 题（共 7 题）" in form_page and "提交答案" in form_page
    assert "楼道着火" not in form_page and "充满就拔" not in form_page  # no feedback
    attempt_id = attempt_url.rsplit("/", 1)[1]
    fields = form_fields(right_answers(db, attempt_id))
    done = client.post(attempt_url, data=fields)
    assert done.status_code == 302 and done.headers["Location"] == attempt_url
    review = client.get(attempt_url).text
    assert "100%" in review and "通过了" in review
    assert review.count("✓ 正确") == 7 and "充满就拔" in review
    attempt = db.session.get(QuizAttempt, int(attempt_id))
    assert attempt.is_passed and attempt.score == 1.0
    assert "测验已通过" in client.get(f"/lessons/{lesson.id}").text
    again = client.post(attempt_url, data=fields)  # a second tap: just the review
    assert again.status_code == 302


def test_the_review_shows_what_was_answered_and_why(client, db, lesson, worker):
    client.post(f"/lessons/{lesson.id}/quiz")
    attempt = db.session.scalar(db.select(QuizAttempt))
    client.post(f"/quiz/attempts/{attempt.id}", data={"number": "110"})
    review = client.get(f"/quiz/attempts/{attempt.id}").text
    assert "0%" in review and "还没有通过" in review
    assert "火警电话是 119" in review and "<p>110</p>" in review
    assert review.count("未作答") == 5  # an ordering question is always answered
    assert review.count("✗ 错误") + review.count("◐ 部分正确") == 7
    start_page = client.get(f"/lessons/{lesson.id}/quiz").text
    assert "未通过" in start_page and "再做一次" in start_page


def test_someone_elses_attempt_is_not_found(client, db, factory, lesson, worker):
    client.post(f"/lessons/{lesson.id}/quiz")
    attempt = db.session.scalar(db.select(QuizAttempt))
    client.post("/logout")
    factory.login(client, factory.person(Role.WORKER))
    assert client.get(f"/quiz/attempts/{attempt.id}").status_code == 404
    assert client.post(f"/quiz/attempts/{attempt.id}", data={}).status_code == 404


def test_form_fields_become_api_answers(app, db, lesson, worker):
    attempt, _ = quiz_attempts.start_attempt(worker, lesson)
    questions = {q["id"]: q for q in quiz_attempts.questions(attempt)}
    steps = [o["id"] for o in questions["steps"]["options"]]
    left = questions["pairs"]["left"][0]["id"]
    right = questions["pairs"]["right"][2]["id"]
    form = MultiDict(
        [
            ("signs", "a"),
            ("signs", "b"),
            ("overnight", "false"),
            ("number", " 119 "),
            ("hours", ""),
            (f"pairs/{left}", right),
            (f"steps/{steps[0]}", "3"),
            (f"steps/{steps[1]}", "x"),
            (f"steps/{steps[2]}", "1"),
        ]
    )
    answers = answers_from_form(list(questions.values()), form)
    assert answers == {
        "signs": ["a", "b"],
        "overnight": False,
        "number": "119",
        "pairs": {left: right},
        "steps": [steps[2], steps[1], steps[0]],  # positions 1, 2 (as shown), 3
    }


def test_the_pages_speak_english_when_asked(client, lesson, worker):
    client.get("/lang/en")
    page = client.get(f"/lessons/{lesson.id}/quiz").text
    assert "Start the quiz" in page and "Pass mark" in page
    assert re.search(r"<dd>7</dd>", page)


def test_a_failed_review_leads_with_the_wrong_answers_and_a_pass_says_what_is_left(
    client, db, lesson, worker
):
    lesson.video_duration_s = 120.0  # a video not watched yet
    db.session.commit()
    started = client.post(f"/lessons/{lesson.id}/quiz").headers["Location"]
    attempt_id = started.rsplit("/", 1)[1]
    answers = right_answers(db, attempt_id)
    wrong = dict(list(answers.items())[:4])  # the last three left empty: wrong
    client.post(started, data=form_fields(wrong))
    review = client.get(started).text
    assert "先看答错的题" in review
    numbers = re.findall(r"第 (\d) 题（共 7 题）", review)
    assert numbers[:3] == ["5", "6", "7"] and sorted(numbers) == list("1234567")
    again = client.post(f"/lessons/{lesson.id}/quiz").headers["Location"]
    client.post(again, data=form_fields(right_answers(db, again.rsplit("/", 1)[1])))
    passed = client.get(again).text
    assert "先看答错的题" not in passed
    assert "视频还没看完：还差 2 分钟。看完即可获得学时。" in passed
    assert "已记入" not in passed
