"""The answer key a trainer's preview shows: every answer with its share of the marks
and its feedback, for each kind of question GIFT can write."""

from quizzes import load_gift
from quizzes.key import answer_key

GIFT = """
::choice:: 雨天刹车距离会怎样？{=变长#对，路面湿滑 ~变短#不对 ~%-50%不变}

::tf:: 电动车可以在楼道里充电。{F#不对，会引发火灾#对，楼道里充电容易引发火灾}

::num:: 火警电话是多少？{#119:0}

::range:: 心肺复苏按压深度（厘米）？{#5..6}

::short:: 急救电话是？{=120#对 =一二零}

::pairs:: 配对 {=火警 -> 119 =急救 -> 120}
"""


def key_of(question_id):
    quiz = load_gift(GIFT, title="t").quiz
    question = next(q for q in quiz.questions if q.name == question_id)
    return [(line.text, line.weight, line.feedback) for line in answer_key(question)]


def test_choices_keep_their_weights_and_feedback():
    assert key_of("choice") == [
        ("变长", 100.0, "对，路面湿滑"),
        ("变短", 0.0, "不对"),
        ("不变", -50.0, ""),
    ]


def test_true_false_is_keyed_with_both_feedbacks():
    assert key_of("tf") == [
        ("false", 100.0, "对，楼道里充电容易引发火灾"),
        ("true", 0.0, "不对，会引发火灾"),
    ]


def test_numbers_ranges_texts_and_pairs():
    assert key_of("num") == [("119", 100.0, "")]
    assert key_of("range") == [("5–6", 100.0, "")]
    assert [t for t, _, _ in key_of("short")] == ["120", "一二零"]
    assert key_of("pairs") == [("火警 → 119", 100.0, ""), ("急救 → 120", 100.0, "")]
