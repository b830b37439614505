"""Quiz test helpers: the quiz test course, and answers worked out from the quiz and
the seed an attempt stores (the API itself never reveals them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from quizzes import Quiz, attempt_questions
from quizzes.qtypes.pairs import right_texts
from quizzes.view import opaque_id


def correct_answers(quiz: Quiz, seed: int) -> dict:
    """The API answers that score full marks on every question of the attempt."""
    return {q.id: _correct(q, seed) for q in attempt_questions(quiz, seed)}


def _correct(question, seed: int):
    def oid(kind: str, index: int) -> str:
        return opaque_id(seed, question.id, kind, index)

    options = question.options
    if question.type == "single":
        return oid("o", max(range(len(options)), key=lambda i: options[i].weight))
    if question.type == "multiple":
        return [oid("o", i) for i, option in enumerate(options) if option.weight > 0]
    if question.type == "truefalse":
        return question.answer
    if question.type == "short":
        return next(a.text for a in question.answers if a.weight == 100)
    if question.type == "numerical":
        best = next(a for a in question.answers if a.weight == 100)
        return best.value if best.value is not None else (best.low + best.high) / 2
    if question.type == "matching":
        rights = right_texts(question)
        return {
            oid("l", i): oid("r", rights.index(pair.right))
            for i, pair in enumerate(question.pairs)
            if pair.left
        }
    return [oid("o", i) for i in range(len(question.items))]  # ordering


def option_id(seed: int, question_id: str, index: int) -> str:
    """The id an attempt shows for option `index` (0-based) of a choice question."""
    return opaque_id(seed, question_id, "o", index)


QUIZ_COURSE = Path(__file__).parents[1] / "data" / "courses" / "quiz-101"
CHARGING_QUIZ = "lessons/01-charging.quiz.yaml"


def copy_quiz_course(tmp_path: Path) -> Path:
    """A writable copy of the quiz test course."""
    target = tmp_path / "quiz-101"
    shutil.copytree(QUIZ_COURSE, target)
    return target


def change_quiz(course_dir: Path, **settings) -> None:
    """Rewrite the settings of the first lesson's quiz (e.g. max_attempts=2)."""
    path = course_dir / CHARGING_QUIZ
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(settings)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def start(client, lesson):
    return client.post(f"/api/v1/lessons/{lesson.id}/quiz/attempts")


def submit(client, attempt_id, answers):
    return client.post(f"/api/v1/quiz/attempts/{attempt_id}", json={"answers": answers})


def right_answers(db, attempt_id) -> dict:
    """Full-mark answers for a stored attempt (its own version and seed)."""
    from lms.models import QuizAttempt
    from lms.services.assessment import store as quiz_store

    db.session.commit()  # end the test's transaction: see what the server committed
    attempt = db.session.get(QuizAttempt, int(attempt_id))
    return correct_answers(quiz_store.load(attempt.quiz_version), attempt.seed)


def mark_guide_read(db, person, lesson) -> None:
    """Pretend the guide was read, so passing the quiz completes the lesson."""
    from lms.models import LessonProgress
    from lms.models.base import utcnow
    from lms.services.learning.progress import open_lesson

    row = open_lesson(person, lesson)
    row.guide_read_at = utcnow()
    db.session.commit()
    assert db.session.get(LessonProgress, row.id).guide_read_at is not None
