"""Functions the CLI calls: check_file, convert, load_file; Aiken import."""

from __future__ import annotations

import subprocess
import sys

import pytest
from quiz_helpers import ROOT, moodle_examples, readme_yaml

from quizzes import (
    QuizFormatError,
    check_file,
    convert,
    load_aiken,
    load_file,
    load_gift,
    load_yaml,
)

AIKEN = """\
成人胸外按压的频率是？
每分钟多少次
A. 60–80 次
B) 100–120 次
C. 140–160 次
ANSWER: B

火警电话是？
A. 110
B. 119
ANSWER: B
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "cpr.quiz.yaml").write_text(readme_yaml(), encoding="utf-8")
    (tmp_path / "moodle.txt").write_text(moodle_examples(), encoding="utf-8")
    (tmp_path / "fire.aiken").write_text(AIKEN, encoding="utf-8")
    return tmp_path


def test_parser_is_chosen_by_extension(folder):
    assert check_file(folder / "cpr.quiz.yaml").title == "心肺复苏小测"
    moodle = check_file(folder / "moodle.txt")
    assert (moodle.title, len(moodle.questions)) == ("moodle", 43)
    assert check_file(folder / "fire.aiken").questions[1].options[1].weight == 100


def test_explicit_format_overrides_the_extension(folder):
    odd = folder / "fire.data"
    odd.write_text(AIKEN, encoding="utf-8")
    with pytest.raises(QuizFormatError, match="无法判断文件格式"):
        check_file(odd)
    assert len(check_file(odd, "aiken").questions) == 2
    with pytest.raises(QuizFormatError):
        check_file(folder / "fire.aiken", "yaml")


def test_convert_both_ways(folder):
    gift = convert(folder / "cpr.quiz.yaml", to="gift")
    assert load_gift(gift).quiz == check_file(folder / "cpr.quiz.yaml")
    yaml_text = convert(folder / "moodle.txt", to="yaml")
    assert load_yaml(yaml_text) == check_file(folder / "moodle.txt")


def test_errors_name_the_file(folder):
    bad = folder / "bad.gift"
    bad.write_text("题目{=甲\n", encoding="utf-8")
    with pytest.raises(QuizFormatError) as caught:
        check_file(bad)
    assert str(caught.value).startswith(f"{bad}:第 1 行第 ")


def test_load_file_returns_skip_notes(folder):
    path = folder / "essay.gift"
    path.write_text("谈谈你的理解。{}\n\n题目{=甲 =乙}\n", encoding="utf-8")
    loaded = load_file(path)
    assert len(loaded.quiz.questions) == 1 and loaded.notes[0].line == 1


def test_aiken_meaning():
    quiz = load_aiken(AIKEN).quiz
    first = quiz.questions[0]
    assert (first.type, first.format, first.prompt) == (
        "single",
        "plain",
        "成人胸外按压的频率是？\n每分钟多少次",
    )
    assert [(o.text, o.weight) for o in first.options] == [
        ("60–80 次", 0),
        ("100–120 次", 100),
        ("140–160 次", 0),
    ]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("题目\nA. 甲\nB. 乙\nANSWER: C\n", 4, 1, "ANSWER 应为"),
        ("题目\nA. 甲\n  C. 乙\nANSWER: A\n", 3, 3, "选项字母应为 B"),
        ("题目\nA. 甲\nB. 乙\n下一题\n", 4, 1, "缺少"),
    ],
)
def test_aiken_errors_have_positions(text, line, column, words):
    with pytest.raises(QuizFormatError) as caught:
        load_aiken(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert words in caught.value.message


def test_aiken_question_without_answer_line_at_the_end():
    with pytest.raises(QuizFormatError, match="最后一题缺少") as caught:
        load_aiken("\n题目\nA. 甲\nB. 乙\n")
    assert caught.value.line == 2


def test_the_engine_imports_neither_flask_nor_lms():
    code = "import sys, quizzes; print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'lms')))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"
