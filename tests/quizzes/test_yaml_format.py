"""Our YAML quiz format: the README example, positions of errors, writing back."""

from __future__ import annotations

import pytest
from quiz_helpers import readme_blocks, readme_yaml

from quizzes import QuizFormatError, dump_yaml, load_gift, load_yaml


def test_readme_example_parses_with_every_type(readme_quiz):
    assert readme_quiz.title == "心肺复苏小测"
    assert (readme_quiz.pass_score, readme_quiz.draw) == (0.8, 5)
    assert {q.type for q in readme_quiz.questions} == {
        "single",
        "multiple",
        "truefalse",
        "short",
        "numerical",
        "matching",
        "ordering",
    }
    rate = readme_quiz.question("rate")
    assert [(o.text, o.weight) for o in rate.options] == [
        ("100–120 次", 100),
        ("60–80 次", 0),
    ]
    assert rate.image == "../images/x.svg"
    depth = readme_quiz.question("depth")
    assert (depth.answers[1].low, depth.answers[1].high) == (4.0, 4.9)
    assert readme_quiz.question("number").answers[0].text == "119"


def test_dump_then_load_gives_the_same_quiz(readme_quiz):
    text = dump_yaml(readme_quiz)
    assert "correct: true" in text and "心肺复苏小测" in text
    assert load_yaml(text) == readme_quiz


BASE = """\
title: 小测
questions:
  - id: a
    type: single
    prompt: 题目
    options:
      - {text: 对, correct: true}
      - 错
"""


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        (BASE + "  - id: b\n    type: single\n   prompt: x\n", 11, 4, "YAML 语法错误"),
        (
            BASE.replace("prompt: 题目", "prompt: 题目\n    colour: red"),
            6,
            5,
            "不认识的键“colour”",
        ),
        (BASE.replace("type: single", "type: essay"), 4, 11, "未知题型"),
        (BASE.replace("correct: true", "correct: 是"), 7, 28, "true 或 false"),
        (BASE.replace("correct: true", "weight: 50"), 3, 5, "权重 100"),
        (
            BASE.replace("title: 小测\n", "title: 小测\npass_score: 80\n"),
            1,
            1,
            "0 到 1",
        ),
        (
            BASE + "  - id: a\n    type: truefalse\n    prompt: x\n    answer: true\n",
            1,
            1,
            "重复",
        ),
        (BASE.replace("    prompt: 题目\n", ""), 3, 5, "缺少“prompt”"),
        ("title: [unclosed\n", 2, 1, "YAML 语法错误"),
    ],
)
def test_malformed_yaml_reports_line_and_column(text, line, column, words):
    with pytest.raises(QuizFormatError) as caught:
        load_yaml(text, source="bad.yaml")
    error = caught.value
    assert (error.line, error.column) == (line, column), str(error)
    assert words in error.message


def test_numerical_answer_forms_are_exclusive():
    text = readme_yaml().replace(
        "{value: 5, tolerance: 0, weight: 100}", "{value: 5, min: 4, max: 6}"
    )
    with pytest.raises(QuizFormatError, match="只能用一种写法"):
        load_yaml(text)


def test_every_readme_example_is_valid():
    first, second = readme_blocks("yaml")
    assert load_yaml(first).title == "心肺复苏小测"
    fire = load_yaml(second)
    assert fire.question("warn").options[2].pinned
    assert fire.question("temp").answers[-1].is_any
    (gift,) = readme_blocks("gift")
    charge = load_gift(gift).quiz.question("charge")
    assert charge.type == "single" and charge.options[1].pinned
    assert (
        charge.image == "../images/charging.svg"
        and charge.feedback == "记住：火警 119。"
    )
