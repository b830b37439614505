"""One attempt: which questions it shows (learner-API JSON) and how it is graded.

Everything is derived from (quiz, seed), so the web layer stores only the seed and
the quiz version (DESIGN rule 4). Presentations never contain answers, weights,
correctness or feedback; option ids are opaque hashes mapped back when grading.
"""

from __future__ import annotations

import math
from typing import Any

from quizzes.errors import AnswerError
from quizzes.model import Mark, Question, Quiz
from quizzes.qtypes import question_type
from quizzes.text import UrlResolver, image_html, to_html
from quizzes.view import View, seeded_rng

UNANSWERED = Mark(score=0.0, correct=False, feedback="")
PASS_EPSILON = 1e-9


def attempt_questions(quiz: Quiz, seed: int) -> list[Question]:
    """The questions an attempt shows, in order: draw N of M, then shuffle."""
    rng = seeded_rng(seed, "questions")
    picked = list(quiz.questions)
    if 0 < quiz.draw < len(picked):
        chosen = set(rng.sample(range(len(picked)), quiz.draw))
        picked = [q for i, q in enumerate(picked) if i in chosen]
    if quiz.shuffle:
        rng.shuffle(picked)
    return picked


def present_attempt(
    quiz: Quiz, seed: int, resolve_url: UrlResolver = None
) -> list[dict[str, Any]]:
    """The learner-API `questions` list of the attempt with this seed."""
    shown = []
    for question in attempt_questions(quiz, seed):
        view = View(seed, question, quiz.shuffle, resolve_url)
        prompt = to_html(question.prompt, question.format, resolve_url)
        entry = {
            "id": question.id,
            "type": question.type,
            "prompt_html": prompt + image_html(question.image, resolve_url),
        }
        entry.update(question_type(question.type).present(question, view))
        shown.append(entry)
    return shown


def decode_answers(quiz: Quiz, seed: int, answers: Any) -> dict[str, Any]:
    """API answers -> logical answers by question id (None when unanswered).

    Raises AnswerError for a non-object, an id not in this attempt, or an answer
    of the wrong shape.
    """
    if not isinstance(answers, dict):
        raise AnswerError("", "答案格式错误：应为 {题目编号: 答案}")
    questions = {q.id: q for q in attempt_questions(quiz, seed)}
    unknown = sorted(str(key) for key in answers if key not in questions)
    if unknown:
        raise AnswerError(unknown[0], "本次测验没有这道题")
    decoded = {}
    for qid, question in questions.items():
        raw = answers.get(qid)
        view = View(seed, question, quiz.shuffle)
        kind = question_type(question.type)
        decoded[qid] = None if raw is None else kind.decode(question, raw, view)
    return decoded


def grade_attempt(
    quiz: Quiz, seed: int, answers: Any, resolve_url: UrlResolver = None
) -> dict[str, Any]:
    """Grade API-shaped answers: {"score", "passed", "results": {qid: {...}}}."""
    decoded = decode_answers(quiz, seed, answers)
    results = {}
    for qid, logical in decoded.items():
        question = quiz.question(qid)
        kind = question_type(question.type)
        result = UNANSWERED if logical is None else kind.check(question, logical)
        results[qid] = {
            "correct": result.correct,
            "score": result.score,
            "feedback_html": _feedback_html(question, result, resolve_url),
        }
    scores = [r["score"] for r in results.values()]
    score = math.fsum(scores) / len(scores) if scores else 0.0  # order-independent
    passed = bool(scores) and score >= quiz.pass_score - PASS_EPSILON
    return {"score": score, "passed": passed, "results": results}


def chosen_options(quiz: Quiz, seed: int, answers: Any) -> dict[str, list[str]]:
    """Stable keys of what was chosen per question (input of item analysis)."""
    chosen = {}
    for qid, logical in decode_answers(quiz, seed, answers).items():
        question = quiz.question(qid)
        kind = question_type(question.type)
        chosen[qid] = [] if logical is None else kind.choices(question, logical)
    return chosen


def _feedback_html(question: Question, result: Mark, resolve_url: UrlResolver) -> str:
    parts = (result.feedback, question.feedback)
    rendered = (to_html(text, question.format, resolve_url) for text in parts)
    return "".join(part for part in rendered if part)
