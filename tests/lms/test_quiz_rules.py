"""Quiz rules around attempts: limit, cool-down, time limit, and the snapshot (an
attempt is graded against the version it was taken with); quiz versions on import."""

import re
from datetime import timedelta

import pytest

from lms.models import Lesson, Quiz, QuizAttempt, QuizVersion, Role
from tests.support.quiz_helpers import (
    change_quiz,
    copy_quiz_course,
    right_answers,
    start,
    submit,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def course_dir(tmp_path):
    return copy_quiz_course(tmp_path)


@pytest.fixture
def worker(client, factory):
    person = factory.person(Role.WORKER)
    factory.login(client, person)
    return person


def imported(factory, course_dir, **settings) -> Lesson:
    if settings:
        change_quiz(course_dir, **settings)
    return factory.course(course_dir).lessons[0]


def take(client, db, lesson) -> str:
    attempt_id = start(client, lesson).json["attempt_id"]
    assert submit(client, attempt_id, right_answers(db, attempt_id)).status_code == 200
    return attempt_id


def shift(db, attempt_id, minutes: float) -> None:
    """Pretend the attempt started `minutes` earlier."""
    attempt = db.session.get(QuizAttempt, int(attempt_id))
    attempt.started_at -= timedelta(minutes=minutes)
    if attempt.deadline_at:
        attempt.deadline_at -= timedelta(minutes=minutes)
    db.session.commit()


def test_the_attempt_limit(client, db, factory, course_dir, worker):
    lesson = imported(factory, course_dir, max_attempts=2)
    take(client, db, lesson)
    take(client, db, lesson)
    refused = start(client, lesson)
    assert refused.status_code == 409
    error = refused.json["error"]
    assert error["code"] == "attempts_used_up" and "2 次" in error["message"]
    page = client.get(f"/lessons/{lesson.id}/quiz").text
    assert "次数已用完" in page and "开始测验" not in page


def test_the_cool_down(client, db, factory, course_dir, worker):
    lesson = imported(factory, course_dir, cooldown_minutes=10)
    first = take(client, db, lesson)
    refused = start(client, lesson)
    assert refused.status_code == 409
    error = refused.json["error"]
    assert error["code"] == "cooling_down"
    assert "10 分钟" in error["message"] and CHINESE.search(error["message"])
    shift(db, first, 11)
    assert start(client, lesson).status_code == 201


def test_english_messages_when_asked(client, db, factory, course_dir, worker):
    lesson = imported(factory, course_dir, max_attempts=1)
    take(client, db, lesson)
    client.get("/lang/en")
    message = start(client, lesson).json["error"]["message"]
    assert message == "This quiz allows 1 attempts and you have used them all."


def test_the_time_limit(client, db, factory, course_dir, worker):
    lesson = imported(factory, course_dir, time_limit_minutes=5)
    body = start(client, lesson).json
    assert body["deadline_at"] is not None
    answers = right_answers(db, body["attempt_id"])
    shift(db, body["attempt_id"], 6)
    late = submit(client, body["attempt_id"], answers)
    assert late.status_code == 409 and late.json["error"]["code"] == "time_up"
    assert "5 分钟" in late.json["error"]["message"]
    fresh = start(client, lesson)  # the expired attempt is not resumed
    assert fresh.status_code == 201 and fresh.json["attempt_id"] != body["attempt_id"]
    assert submit(client, fresh.json["attempt_id"], {}).status_code == 200


def test_a_submission_within_the_grace_period_counts(
    client, db, factory, course_dir, worker
):
    lesson = imported(factory, course_dir, time_limit_minutes=5)
    attempt_id = start(client, lesson).json["attempt_id"]
    shift(db, attempt_id, 5.25)  # 15 s late: the network is allowed 30 s
    assert submit(client, attempt_id, right_answers(db, attempt_id)).status_code == 200


def test_an_attempt_is_graded_against_its_own_version(
    client, db, factory, course_dir, worker
):
    lesson = imported(factory, course_dir)
    old = start(client, lesson).json
    old_answers = right_answers(db, old["attempt_id"])
    quiz_file = course_dir / "lessons" / "01-charging.quiz.yaml"
    text = quiz_file.read_text(encoding="utf-8")
    text = text.replace(
        "      - text: 室外集中充电点\n        correct: true\n",
        "      - text: 室外集中充电点\n",
    )
    text = text.replace(
        "      - text: 楼道里\n", "      - text: 楼道里\n        correct: true\n"
    )
    quiz_file.write_text(text.replace("pass_score: 0.8", "pass_score: 0.9"), "utf-8")
    factory.course(course_dir)
    assert client.get(f"/api/v1/lessons/{lesson.id}").json["quiz"]["pass_score"] == 0.9
    graded = submit(client, old["attempt_id"], old_answers).json
    assert graded["score"] == 1.0 and graded["passed"] is True
    assert graded["results"]["where"]["correct"] is True
    new = start(client, lesson).json
    assert new["pass_score"] == 0.9
    versions = {
        db.session.get(QuizAttempt, int(a["attempt_id"])).quiz_version.version
        for a in (old, new)
    }
    assert versions == {1, 2}


def test_an_open_attempt_of_an_old_version_is_not_resumed(
    client, db, factory, course_dir, worker
):
    lesson = imported(factory, course_dir)
    old = start(client, lesson).json["attempt_id"]
    imported(factory, course_dir, pass_score=0.7)
    new = start(client, lesson)
    assert new.status_code == 201 and new.json["attempt_id"] != old
    assert submit(client, old, right_answers(db, old)).status_code == 200


def test_reimporting_an_unchanged_quiz_adds_no_version(db, factory, course_dir):
    lesson = imported(factory, course_dir)
    factory.course(course_dir)
    quiz = db.session.scalar(db.select(Quiz).where(Quiz.lesson_id == lesson.id))
    assert quiz.version == 1 and len(quiz.versions) == 1
    version = quiz.versions[0]
    assert len(version.content_hash) == 64 and version.source_yaml.startswith("title:")
    gift = db.session.scalar(
        db.select(QuizVersion)
        .join(Quiz)
        .where(Quiz.lesson_id == factory.course(course_dir).lessons[1].id)
    )
    assert gift.title == "拨打119小测" and "type: truefalse" in gift.source_yaml
    imported(factory, course_dir, title="新标题")
    db.session.refresh(quiz)
    assert quiz.version == 2 and [v.version for v in quiz.versions] == [1, 2]


def test_a_lesson_that_drops_its_quiz(client, db, factory, course_dir, worker):
    lesson = imported(factory, course_dir)
    md = course_dir / "lessons" / "01-charging.md"
    md.write_text(
        md.read_text("utf-8").replace("quiz: 01-charging.quiz.yaml\n", ""), "utf-8"
    )
    factory.course(course_dir)
    db.session.refresh(lesson)
    assert lesson.has_quiz is False
    assert client.get(f"/api/v1/lessons/{lesson.id}").json["quiz"] is None
    assert start(client, lesson).status_code == 404


def test_a_lesson_removed_from_the_course_takes_its_quiz(db, factory, course_dir):
    course = factory.course(course_dir)
    gone = course.lessons[1].id
    yaml_file = course_dir / "course.yaml"
    yaml_file.write_text(
        yaml_file.read_text("utf-8").replace("  - 02-call-119\n", ""), "utf-8"
    )
    factory.course(course_dir)
    assert db.session.get(Lesson, gone) is None
    assert db.session.scalar(db.select(Quiz).where(Quiz.lesson_id == gone)) is None
