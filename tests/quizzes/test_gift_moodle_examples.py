"""Each question kind of Moodle's GIFT example file gets the meaning Moodle gives it.

Meanings from Moodle's question/format/gift/format.php (readquestion).
"""

from __future__ import annotations

import pytest

from quizzes import Question, Quiz, question_type


def find(quiz: Quiz, prompt: str, name: str = "", nth: int = 0) -> Question:
    found = [q for q in quiz.questions if q.prompt == prompt and q.name == name]
    return found[nth]


def weights(question: Question) -> list[tuple[str, float]]:
    return [(o.text, o.weight) for o in question.options]


def test_every_block_is_imported_in_order(moodle_quiz):
    # 43 questions; the file has no essay or description, so nothing is skipped.
    assert len(moodle_quiz.questions) == 43
    assert [q.id for q in moodle_quiz.questions[:3]] == ["q1", "q2", "q3"]


def test_multiple_choice_with_one_equals_is_single_choice(moodle_quiz):
    q = find(moodle_quiz, "Who's buried in Grant's tomb?")
    assert q.type == "single"
    assert weights(q) == [("Grant", 0), ("Jefferson", 0), ("no one", 100)]
    assert q.format == "moodle"


def test_missing_word_puts_a_blank_where_the_braces_were(moodle_quiz):
    q = find(moodle_quiz, "Grant is _____ in Grant's tomb.")
    assert q.type == "single"
    assert weights(q) == [("buried", 0), ("entombed", 100), ("living", 0)]


def test_multi_line_answers(moodle_quiz):
    q = find(
        moodle_quiz,
        "The American holiday of Thanksgiving is celebrated on the _____ "
        "Thursday of November.",
    )
    assert weights(q) == [("second", 0), ("third", 0), ("fourth", 100)]
    q = find(moodle_quiz, "Japanese characters originally came from what country?")
    assert [o.text for o in q.options if o.weight == 100] == ["China"]


def test_true_false_short_and_long_forms(moodle_quiz):
    false = find(moodle_quiz, "Grant is buried in Grant's tomb.")
    true = find(moodle_quiz, "The sun rises in the east.")
    assert (false.type, false.answer) == ("truefalse", False)
    assert (true.type, true.answer) == ("truefalse", True)
    kind = question_type("truefalse")
    assert kind.check(true, True).correct and not kind.check(false, True).correct


def test_true_false_feedback_goes_to_the_wrong_judgement(moodle_quiz):
    # {FALSE#feedback}: the first feedback is for the wrong answer, i.e. "true".
    q = find(moodle_quiz, "Grant is buried in Grant's tomb.", nth=2)
    assert q.feedback_true == "No one is buried in Grant's tomb."
    assert q.feedback_false == ""


def test_list_of_only_equals_answers_is_short_answer(moodle_quiz):
    q = find(moodle_quiz, "Who's buried in Grant's tomb?", nth=1)
    assert q.type == "short"
    assert [(a.text, a.weight) for a in q.answers] == [("no one", 100), ("nobody", 100)]
    q = find(moodle_quiz, "Two plus two equals _____.")
    assert [a.text for a in q.answers] == ["four", "4"]


def test_matching_pairs(moodle_quiz):
    q = find(
        moodle_quiz, "Match the following countries with their corresponding capitals."
    )
    assert q.type == "matching"
    assert [(p.left, p.right) for p in q.pairs] == [
        ("Canada", "Ottawa"),
        ("Italy", "Rome"),
        ("Japan", "Tokyo"),
        ("India", "New Delhi"),
    ]
    compact = find(
        moodle_quiz, "Match the following countries with their corresponding\ncapitals."
    )
    assert [p.right for p in compact.pairs] == ["Ottawa", "Rome", "Tokyo"]


def test_numerical_value_tolerance_and_range(moodle_quiz):
    exact = find(moodle_quiz, "When was Ulysses S. Grant born?", nth=1)
    assert exact.type == "numerical"
    assert [(a.value, a.tolerance) for a in exact.answers] == [(1822.0, 0.0)]
    pi = find(moodle_quiz, "What is the value of pi (to 3 decimal places)? _____.")
    assert (pi.answers[0].value, pi.answers[0].tolerance) == (3.1415, 0.0005)
    ranged = find(
        moodle_quiz, "What is the value of pi (to 3 decimal places)? _____.", nth=1
    )
    assert (ranged.answers[0].low, ranged.answers[0].high) == (3.141, 3.142)
    kind = question_type("numerical")
    assert kind.check(ranged, 3.1416).score == 1.0
    assert kind.check(ranged, 3.143).score == 0.0


def test_several_numerical_answers_best_weight_wins(moodle_quiz):
    q = find(moodle_quiz, "When was Ulysses S. Grant born?", name="Numerical example")
    assert [(a.value, a.tolerance, a.weight) for a in q.answers] == [
        (1822.0, 0.0, 100),
        (1822.0, 2.0, 50),
    ]
    assert q.answers[1].feedback == (
        "He was born in 1822.\nYou get 50% credit for being close."
    )
    kind = question_type("numerical")
    assert kind.check(q, 1822).score == 1.0
    assert kind.check(q, 1823).score == 0.5
    assert kind.check(q, 1825).score == 0.0


def test_line_comments_are_ignored(moodle_quiz):
    q = find(moodle_quiz, "What's 2 plus 2?")
    assert q.type == "numerical" and q.answers[0].value == 4.0


def test_question_name_and_multi_line_prompt(moodle_quiz):
    q = find(
        moodle_quiz,
        "Japanese characters originally\ncame from what country?",
        name="Kanji Origins",
    )
    assert q.type == "short" and [a.text for a in q.answers] == ["China"]


def test_per_answer_feedback(moodle_quiz):
    q = find(moodle_quiz, "What's the answer to this multiple-choice question?")
    assert [(o.text, o.feedback) for o in q.options] == [
        ("wrong answer", "feedback comment on the wrong answer"),
        ("another wrong answer", "feedback comment on this wrong answer"),
        ("right answer", "Very good!"),
    ]
    assert question_type("single").check(q, 2).feedback == "Very good!"


def test_markdown_format_marker(moodle_quiz):
    q = find(moodle_quiz, "Who's buried in **Grant's tomb**?")
    assert q.format == "markdown"
    assert [a.feedback for a in q.answers] == ["excellent answer!"] * 2


def test_percentage_weights_in_single_choice_give_partial_credit(moodle_quiz):
    q = find(moodle_quiz, "Jesus Christ was from _____.", name="Jesus' hometown")
    assert q.type == "single"
    assert weights(q) == [
        ("Jerusalem", 0),
        ("Bethlehem", 25),
        ("Galilee", 50),
        ("Nazareth", 100),
    ]
    assert question_type("single").check(q, 2).score == 0.5


def test_percentage_weights_in_short_answer(moodle_quiz):
    q = find(moodle_quiz, "Jesus Christ was from", name="Jesus' hometown")
    assert q.type == "short"
    assert [(a.text, a.weight) for a in q.answers] == [
        ("Nazareth", 100),
        ("Nazereth", 75),
        ("Bethlehem", 25),
    ]
    assert question_type("short").check(q, " nazereth ").score == 0.75


@pytest.mark.parametrize(
    ("nth", "expected", "all_chosen"),
    [(0, [0, 50, 50, 0], 1.0), (1, [-50, 50, 50, -50], 0.0)],
)
def test_tilde_weights_without_equals_make_multiple_answers(
    moodle_quiz, nth, expected, all_chosen
):
    q = find(moodle_quiz, "What two people are entombed in Grant's tomb?", nth=nth)
    assert q.type == "multiple"
    assert [o.weight for o in q.options] == expected
    kind = question_type("multiple")
    assert kind.check(q, frozenset({1, 2})).score == 1.0
    assert kind.check(q, frozenset({0, 1, 2, 3})).score == all_chosen


def test_escaped_equals_signs(moodle_quiz):
    q = find(moodle_quiz, "Which answer equals 5?")
    assert weights(q) == [("= 2 + 2", 0), ("= 2 + 3", 100), ("= 2 + 4", 0)]


def test_escaped_control_characters_and_multi_line_feedback(moodle_quiz):
    q = find(
        moodle_quiz,
        "Which of the following is NOT a control character for the GIFT import format?",
        name="GIFT Control Characters",
    )
    assert [o.text for o in q.options] == ["~", "=", "#", "{", "}", "\\"]
    assert q.options[-1].weight == 100
    assert q.options[0].feedback == "~ is a control character."
    assert q.options[-1].feedback.startswith("Correct! \\ (backslash) is not")
    assert q.options[-1].feedback.endswith("(as shown in this example).")
