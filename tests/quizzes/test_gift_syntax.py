"""GIFT syntax beyond Moodle's example file: categories, skips, errors, export."""

from __future__ import annotations

import pytest

from quizzes import QuizExportError, QuizFormatError, dump_gift, load_gift

GIFT = """\
// quiz.title: "消防小测"
// quiz.pass_score: 0.8

$CATEGORY: $course$/消防

::电话::火警电话是多少？{
    =119#对！
    =%50%一一九#写数字更好。
    ####记住：火警 119，急救 120。
}

电动车电池可以在楼道充电。{F#楼道是逃生通道，不能充电。#对，楼道不能充电。}

$CATEGORY: $course$/急救

请谈谈你对急救的理解。{}

这是一段说明文字，没有答案。

[html]<b>按压深度</b>至少多少厘米？{#
    =5:0.5
    ~#不对，至少 5 厘米。
}

把步骤排好顺序。{>3 ALL VERTICAL ALL_OR_NOTHING SHOW
确认现场安全
呼叫 120
开始按压
}

配对。{
    =电器着火 -> 二氧化碳灭火器
    =油锅着火 -> 锅盖
    = -> 清水
}
"""


@pytest.fixture(scope="module")
def loaded():
    return load_gift(GIFT)


def test_settings_comments_and_categories(loaded):
    quiz = loaded.quiz
    assert (quiz.title, quiz.pass_score) == ("消防小测", 0.8)
    assert [q.category for q in quiz.questions] == [
        "$course$/消防",
        "$course$/消防",
        "$course$/急救",
        "$course$/急救",
        "$course$/急救",
    ]


def test_general_feedback_and_weighted_short_answers(loaded):
    q = loaded.quiz.questions[0]
    assert (q.name, q.type, q.feedback) == (
        "电话",
        "short",
        "记住：火警 119，急救 120。",
    )
    assert [(a.text, a.weight, a.feedback) for a in q.answers] == [
        ("119", 100, "对！"),
        ("一一九", 50, "写数字更好。"),
    ]


def test_true_false_with_both_feedbacks(loaded):
    q = loaded.quiz.questions[1]
    assert (q.type, q.answer) == ("truefalse", False)
    assert q.feedback_true == "楼道是逃生通道，不能充电。"
    assert q.feedback_false == "对，楼道不能充电。"


def test_essay_and_description_are_skipped_with_notes(loaded):
    assert [(n.line, n.message[:3]) for n in loaded.notes] == [
        (16, "问答题"),
        (18, "说明文"),
    ]
    assert "第 16 行" in str(loaded.notes[0])


def test_numerical_wrong_answer_feedback_and_html_format(loaded):
    q = loaded.quiz.questions[2]
    assert (q.format, q.prompt) == ("html", "<b>按压深度</b>至少多少厘米？")
    assert [(a.value, a.tolerance, a.is_any) for a in q.answers] == [
        (5.0, 0.5, False),
        (None, 0.0, True),
    ]
    assert q.answers[1].feedback == "不对，至少 5 厘米。"


def test_ordering_plugin_syntax(loaded):
    q = loaded.quiz.questions[3]
    assert q.type == "ordering" and q.grading == "all_or_nothing"
    assert q.items == ("确认现场安全", "呼叫 120", "开始按压")


def test_matching_with_a_distractor(loaded):
    q = loaded.quiz.questions[4]
    assert [(p.left, p.right) for p in q.pairs][-1] == ("", "清水")


def test_export_writes_moodle_syntax_and_reads_back(loaded):
    text = dump_gift(loaded.quiz)
    assert "$CATEGORY: $course$/消防" in text
    assert "{FALSE#楼道是逃生通道，不能充电。#对，楼道不能充电。}" in text
    assert "\t~#不对，至少 5 厘米。" in text
    assert load_gift(text).quiz == loaded.quiz


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("题目一{=甲 =乙}\n\n题目二{\n  ~甲\n  =乙\n", 3, 4, "花括号不配对"),
        ("题目{=甲}后面{=乙}", 1, 9, "只能有一组答案"),
        ("数字？{#\n    =abc:1\n}", 2, 6, "不是数字"),
        ("配对{\n=甲 -> 一\n=乙 二\n}", 3, 2, "左边 -> 右边"),
        ("一个选项{~甲}", 1, 6, "两个答案"),
        ("单选{~甲 ~乙 =丙 ~%150%丁}", 1, 1, "权重"),
        ("// quiz.colour: 1\n\n题{=甲}", 1, 1, "不认识的测验设置"),
        ("  排序{>x\n一\n二\n}", 1, 6, "排序题"),
    ],
)
def test_malformed_gift_reports_line_and_column(text, line, column, words):
    with pytest.raises(QuizFormatError) as caught:
        load_gift(text, source="bad.gift")
    error = caught.value
    assert (error.line, error.column) == (line, column), str(error)
    assert words in error.message
    assert str(error).startswith(f"bad.gift:第 {line} 行第 {column} 列：")


def test_export_refuses_what_gift_cannot_say(loaded):
    short = loaded.quiz.questions[0]
    bad = short.answers[0].__class__(text="a->b")
    quiz = loaded.quiz.__class__(
        title="t",
        questions=(short.__class__(id="x", type="short", prompt="p", answers=(bad,)),),
    )
    with pytest.raises(QuizExportError, match="->"):
        dump_gift(quiz)
