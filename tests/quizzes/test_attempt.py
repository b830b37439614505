"""Presenting and grading attempts: the learner-API JSON, no leaks, answer errors."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from quiz_strategies import encode

from quizzes import AnswerError, attempt_questions, grade_attempt, present_attempt

SEED = 20240601
ALLOWED = {"id", "type", "prompt_html", "options", "left", "right"}


@pytest.fixture
def quiz(readme_quiz):
    return replace(readme_quiz, draw=0)


def full_marks(quiz, seed):
    """API answers that are fully correct for the attempt with `seed`."""
    logical = {
        "rate": 0,
        "signs": frozenset({0, 1}),
        "tf": False,
        "number": "１１９ ",  # full-width digits and a space: still right
        "depth": 5,
        "pairs": {0: 0, 1: 1},
        "steps": (0, 1, 2, 3, 4),
    }
    return {q: encode(quiz, seed, quiz.question(q), a) for q, a in logical.items()}


def test_presentation_has_the_api_shape(quiz):
    shown = present_attempt(quiz, SEED, resolve_url=lambda url: f"/media/{url}")
    assert sorted(q["id"] for q in shown) == sorted(q.id for q in quiz.questions)
    for question in shown:
        assert set(question) <= ALLOWED
    for entry in all_entries(shown):
        assert set(entry) == {"id", "html"}
    rate = next(q for q in shown if q["id"] == "rate")
    assert rate["prompt_html"].startswith("<p>成人胸外按压")
    assert '<img src="/media/../images/x.svg"' in rate["prompt_html"]
    matching = next(q for q in shown if q["id"] == "pairs")
    assert {e["html"] for e in matching["right"]} == {"二氧化碳灭火器", "锅盖或灭火毯"}


def all_entries(shown):
    for question in shown:
        for key in ("options", "left", "right"):
            yield from question.get(key, [])


def test_presentation_never_leaks_answers_weights_or_feedback(quiz):
    secrets = [
        "太慢了",
        "这更像受寒",
        "按压频率",
        "楼道是逃生通道",
        "119",
        "接近，但还不够深",
        "weight",
        "correct",
        "feedback",
        "tolerance",
        "answer",
        "100.0",
        "-100",
    ]
    for seed in range(30):
        shown = present_attempt(quiz, seed)
        text = json.dumps(shown, ensure_ascii=False)
        for entry in all_entries(shown):  # hex ids may contain "119" by chance
            text = text.replace(entry["id"], "")
        assert not [s for s in secrets if s in text], seed


def test_ordering_ids_and_order_do_not_reveal_the_correct_order(quiz):
    steps = quiz.question("steps")
    shown_in_order = sorted_ids_in_order = 0
    for seed in range(300):
        entry = next(q for q in present_attempt(quiz, seed) if q["id"] == "steps")
        texts = [e["html"] for e in entry["options"]]
        ids = [e["id"] for e in entry["options"]]
        shown_in_order += texts == list(steps.items)
        by_id = [texts[ids.index(i)] for i in sorted(ids)]
        sorted_ids_in_order += by_id == list(steps.items)
    assert shown_in_order == 0
    assert sorted_ids_in_order <= 10  # 1/120 by chance: ~2.5 expected in 300


def test_the_same_seed_gives_the_same_attempt_and_others_differ(quiz):
    assert present_attempt(quiz, 7) == present_attempt(quiz, 7)
    orders = {tuple(q["id"] for q in present_attempt(quiz, seed)) for seed in range(20)}
    assert len(orders) > 10


def test_pinned_options_keep_their_place(quiz):
    rate = quiz.question("rate")
    options = (*rate.options, replace(rate.options[1], text="以上都不对", pinned=True))
    quiz = replace(quiz, questions=(replace(rate, options=options),))
    for seed in range(20):
        shown = present_attempt(quiz, seed)[0]["options"]
        assert shown[2]["html"] == "以上都不对"


def test_draw_n_of_m(quiz):
    quiz = replace(quiz, draw=3)
    drawn = {tuple(sorted(q.id for q in attempt_questions(quiz, s))) for s in range(40)}
    assert all(len(ids) == 3 for ids in drawn) and len(drawn) > 5
    answers = full_marks(quiz, 3)
    shown = {q.id for q in attempt_questions(quiz, 3)}
    with pytest.raises(AnswerError, match="本次测验没有这道题"):
        grade_attempt(quiz, 3, answers)
    result = grade_attempt(quiz, 3, {q: a for q, a in answers.items() if q in shown})
    assert result["score"] == 1.0 and set(result["results"]) == shown


def test_full_marks_pass_with_feedback(quiz):
    result = grade_attempt(quiz, SEED, full_marks(quiz, SEED))
    assert result["score"] == 1.0 and result["passed"] is True
    rate = result["results"]["rate"]
    assert rate == {
        "correct": True,
        "score": 1.0,
        "feedback_html": "<p>对。</p><p>按压频率 100–120 次/分钟。</p>",
    }
    assert result["results"]["tf"]["feedback_html"] == "<p>对。</p>"


def test_unanswered_and_partial_answers(quiz):
    answers = full_marks(quiz, SEED)
    answers["signs"] = encode(quiz, SEED, quiz.question("signs"), frozenset({0, 2}))
    answers["depth"] = 4.5
    answers["steps"] = encode(quiz, SEED, quiz.question("steps"), (1, 0, 2, 3, 4))
    answers["pairs"] = None
    del answers["tf"]
    result = grade_attempt(quiz, SEED, answers)["results"]
    assert result["signs"]["score"] == 0.0  # 50 - 100 clamps to 0
    assert "这更像受寒" in result["signs"]["feedback_html"]
    assert (result["depth"]["score"], result["depth"]["correct"]) == (0.5, False)
    assert result["steps"]["score"] == pytest.approx(0.6)
    assert result["pairs"]["score"] == result["tf"]["score"] == 0.0
    total = grade_attempt(quiz, SEED, answers)
    assert total["score"] == pytest.approx((1 + 0 + 0 + 1 + 0.5 + 0 + 0.6) / 7)
    assert total["passed"] is False


@pytest.mark.parametrize(
    ("qid", "raw", "words"),
    [
        ("rate", ["x"], "选项编号无效"),
        ("rate", "0", "选项编号无效"),
        ("signs", "abc", "选项编号列表"),
        ("tf", "false", "true 或 false"),
        ("tf", 0, "true 或 false"),
        ("number", 119, "文字"),
        ("depth", "五", "数字"),
        ("depth", True, "数字"),
        ("depth", 10**400, "有限的数字"),
        ("pairs", ["a"], "左侧编号"),
        ("pairs", {"nope": "nope"}, "选项编号无效"),
        ("steps", [], "每一项各排一次"),
    ],
)
def test_malformed_answers_raise_answer_error(quiz, qid, raw, words):
    answers = full_marks(quiz, SEED) | {qid: raw}
    with pytest.raises(AnswerError) as caught:
        grade_attempt(quiz, SEED, answers)
    assert caught.value.question_id == qid and words in caught.value.message


def test_ids_of_another_attempt_are_rejected(quiz):
    with pytest.raises(AnswerError):
        grade_attempt(quiz, SEED + 1, full_marks(quiz, SEED))


def test_numeric_strings_are_accepted_for_numerical(quiz):
    answers = full_marks(quiz, SEED) | {"depth": " ５ "}
    assert grade_attempt(quiz, SEED, answers)["results"]["depth"]["score"] == 1.0


def test_answers_must_be_an_object(quiz):
    with pytest.raises(AnswerError, match="题目编号"):
        grade_attempt(quiz, SEED, ["rate"])
