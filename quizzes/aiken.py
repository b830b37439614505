"""Reads the Aiken format (Moodle's one-correct-answer multiple choice lists).

    成人胸外按压的频率是？
    A. 每分钟 60–80 次
    B) 每分钟 100–120 次
    ANSWER: B

Question text may span several lines; options are `X.` or `X)` plus a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizzes.errors import QuizFormatError
from quizzes.model import Loaded, Option, Question, Quiz
from quizzes.validate import settings_error

OPTION = re.compile(r"^([A-Z])[).][ \t]+(.*)$")
ANSWER = re.compile(r"^ANSWER:\s*(.*)$")


@dataclass
class _Draft:
    line: int = 0
    prompt: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)


def load_aiken(text: str, source: str = "", title: str = "") -> Loaded:
    """Parse Aiken text; raises QuizFormatError with line and column."""
    questions, draft = [], _Draft()
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        column = len(raw) - len(raw.lstrip()) + 1
        fail = _failer(source, number, column)
        if match := ANSWER.match(line):
            letter = match.group(1).strip()
            questions.append(_question(draft, letter, len(questions), fail))
            draft = _Draft()
        else:
            _add_line(draft, line, number, fail)
    if draft.prompt:
        raise QuizFormatError("最后一题缺少“ANSWER: 字母”行", draft.line, 1, source)
    quiz = Quiz(title=title, questions=tuple(questions))
    error = settings_error(quiz)
    if error:
        raise QuizFormatError(error, 1, 1, source)
    return Loaded(quiz)


def _add_line(draft: _Draft, line: str, number: int, fail) -> None:
    """An option line (`A. text`) or a line of the question's prompt."""
    if match := OPTION.match(line):
        if not draft.prompt:
            raise fail("选项前面缺少题目文字")
        if ord(match.group(1)) - ord("A") != len(draft.options):
            raise fail(f"选项字母应为 {chr(ord('A') + len(draft.options))}")
        draft.options.append(match.group(2).strip())
    elif draft.options:
        raise fail("上一题缺少“ANSWER: 字母”行")
    else:
        draft.line = draft.line or number
        draft.prompt.append(line)


def _failer(source: str, line: int, column: int):
    return lambda message: QuizFormatError(message, line, column, source)


def _question(draft: _Draft, letter: str, count: int, fail) -> Question:
    if len(draft.options) < 2:
        raise fail("ANSWER 前至少需要两个选项（A. … B. …）")
    index = ord(letter[:1]) - ord("A") if len(letter) == 1 else -1
    if not 0 <= index < len(draft.options):
        raise fail(
            f"ANSWER 应为 A 到 {chr(ord('A') + len(draft.options) - 1)} 中的一个字母"
        )
    options = tuple(
        Option(text=text, weight=100.0 if i == index else 0.0)
        for i, text in enumerate(draft.options)
    )
    prompt = "\n".join(draft.prompt)
    return Question(
        id=f"q{count + 1}",
        type="single",
        prompt=prompt,
        format="plain",
        options=options,
    )
