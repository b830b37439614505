"""Hypothesis properties: score bounds, format round trips, shuffle invariance."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from quiz_strategies import encode, logical_answers, questions, quizzes

from quizzes import (
    dump_gift,
    dump_yaml,
    grade_attempt,
    load_gift,
    load_yaml,
    present_attempt,
    question_type,
)
from quizzes.validate import question_error

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@FAST
@given(st.data())
def test_every_type_scores_within_bounds(data):
    question = data.draw(questions())
    assert question_error(question) is None
    mark = question_type(question.type).check(
        question, data.draw(logical_answers(question))
    )
    assert 0.0 <= mark.score <= 1.0
    assert mark.correct == (mark.score == 1.0)


@FAST
@given(quizzes())
def test_yaml_round_trip(quiz):
    assert load_yaml(dump_yaml(quiz)) == quiz


@FAST
@given(quizzes())
def test_gift_round_trip(quiz):
    assert load_gift(dump_gift(quiz)).quiz == quiz


@FAST
@given(st.data(), st.integers(0, 2**32), st.integers(0, 2**32))
def test_shuffling_never_changes_the_score_of_a_logical_answer(data, seed_a, seed_b):
    quiz = replace(data.draw(quizzes(max_questions=3)), draw=0)
    logical = {q.id: data.draw(logical_answers(q)) for q in quiz.questions}

    def grade(seed):
        answers = {q.id: encode(quiz, seed, q, logical[q.id]) for q in quiz.questions}
        return grade_attempt(quiz, seed, answers)

    first, second = grade(seed_a), grade(seed_b)
    assert first["results"] == second["results"]
    assert first["score"] == second["score"] and 0.0 <= first["score"] <= 1.0


@FAST
@given(quizzes(max_questions=3), st.integers(0, 2**32))
def test_presented_option_ids_are_unique_and_complete(quiz, seed):
    for shown in present_attempt(quiz, seed):
        for key in ("options", "left", "right"):
            ids = [entry["id"] for entry in shown.get(key, [])]
            assert len(ids) == len(set(ids))
