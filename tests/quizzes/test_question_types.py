"""The registry and the grading rules of each question type."""

from __future__ import annotations

from quizzes import REGISTRY, NumericAnswer, Pair, Question, TextAnswer, question_type
from quizzes.model import QUESTION_TYPES


def short(*answers: TextAnswer) -> Question:
    return Question(id="s", type="short", prompt="?", answers=answers)


def test_registry_maps_every_type_name_to_a_checker():
    assert isinstance(REGISTRY, dict)
    assert sorted(REGISTRY) == sorted(QUESTION_TYPES)
    assert all(REGISTRY[name].name == name for name in REGISTRY)


def test_short_answers_ignore_case_outer_space_and_width():
    q = short(TextAnswer("AED"), TextAnswer("自动体外除颤器", 50, "写缩写更好"))
    check = question_type("short").check
    for given in ("aed", "  AED ", "ＡＥＤ", "ａｅｄ\u3000"):
        assert check(q, given).score == 1.0, given
    assert check(q, "a e d").score == 0.0
    mark = check(q, "自动体外除颤器")
    assert (mark.score, mark.correct, mark.feedback) == (0.5, False, "写缩写更好")


def test_short_answer_wildcards_as_in_moodle():
    q = short(TextAnswer("1*9"), TextAnswer("a\\*b"), TextAnswer("*", 0, "再想想"))
    check = question_type("short").check
    assert check(q, "119").score == 1.0 and check(q, "1 到 9").score == 1.0
    assert check(q, "a*b").score == 1.0 and check(q, "axb").score == 0.0
    assert check(q, "随便").feedback == "再想想"


def test_numerical_best_matching_weight_wins():
    q = Question(
        id="n",
        type="numerical",
        prompt="?",
        answers=(
            NumericAnswer(low=4, high=6, weight=50, feedback="范围内"),
            NumericAnswer(value=5, tolerance=0.1, weight=100, feedback="准确"),
            NumericAnswer(weight=0, feedback="差太远"),
        ),
    )
    check = question_type("numerical").check
    assert check(q, 5.05).feedback == "准确" and check(q, 5.05).score == 1.0
    assert check(q, 4.2).score == 0.5
    assert (check(q, 100).score, check(q, 100).feedback) == (0.0, "差太远")


def test_matching_scores_share_and_distractors_match_nothing():
    q = Question(
        id="m",
        type="matching",
        prompt="?",
        pairs=(
            Pair("甲", "一"),
            Pair("乙", "二"),
            Pair("丙", "一"),
            Pair("", "三"),
        ),
    )
    check = question_type("matching").check
    # right texts deduplicated: 0 = 一, 1 = 二, 2 = 三
    assert check(q, {0: 0, 1: 1, 2: 0}).score == 1.0
    assert check(q, {0: 0, 1: 2}).score == 1 / 3
    assert check(q, {}).score == 0.0


def test_ordering_partial_or_all_or_nothing():
    q = Question(id="o", type="ordering", prompt="?", items=("a", "b", "c", "d"))
    check = question_type("ordering").check
    assert check(q, (0, 1, 3, 2)).score == 0.5
    strict = Question(
        id="o", type="ordering", prompt="?", items=q.items, grading="all_or_nothing"
    )
    assert check(strict, (0, 1, 3, 2)).score == 0.0
    assert check(strict, (0, 1, 2, 3)).correct


def test_validation_messages_are_chinese():
    q = Question(id="o", type="ordering", prompt="?", items=("a",))
    assert REGISTRY["ordering"].validate(q) == "排序题至少需要两项"
