"""Typed-in answers: short text (wildcards, width/case folding) and numbers."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from quizzes.errors import AnswerError
from quizzes.model import Mark, NumericAnswer, Question, TextAnswer
from quizzes.qtypes.base import FULL, QuestionType, mark, require, weights_error
from quizzes.text import normalize
from quizzes.view import View

MAX_TEXT = 1000


def best(answers, matches) -> Mark:
    """The matching answer with the highest weight wins; the first one on ties."""
    found = [a for a in answers if matches(a)]
    if not found:
        return mark(0.0)
    winner = max(found, key=lambda a: a.weight)
    return mark(winner.weight / FULL, winner.feedback)


@lru_cache(maxsize=1024)
def _pattern(text: str) -> re.Pattern:
    """Moodle's short answer wildcard: `*` matches anything, `\\*` is a star."""
    parts = re.split(r"(?<!\\)\*", normalize(text))
    literal = [re.escape(part.replace("\\*", "*")) for part in parts]
    return re.compile(".*".join(literal), re.DOTALL)


class Short(QuestionType):
    """A typed answer compared with the accepted ones, ignoring case and width."""

    name = "short"

    def validate(self, question: Question) -> str | None:
        answers = question.answers
        if not answers or not all(isinstance(a, TextAnswer) for a in answers):
            return "填空题至少需要一个参考答案"
        if max(a.weight for a in answers) != FULL:
            return "填空题需要一个完全正确的答案（权重 100）"
        return weights_error([a.weight for a in answers])

    def check(self, question: Question, answer: str) -> Mark:
        given = normalize(answer)
        return best(question.answers, lambda a: _pattern(a.text).fullmatch(given))

    def decode(self, question: Question, raw, view: View) -> str:
        text = require(question, raw, str, "填空题的答案应为文字")
        if len(text) > MAX_TEXT:
            raise AnswerError(question.id, "答案太长了")
        return text

    def choices(self, question: Question, answer: str) -> list[str]:
        return [normalize(answer)]


class Numerical(QuestionType):
    """A number accepted within a tolerance or a range; best weight wins."""

    name = "numerical"

    def validate(self, question: Question) -> str | None:
        answers = question.answers
        if not all(isinstance(a, NumericAnswer) for a in answers):
            return "数值题的答案必须是数字"
        exact = [a for a in answers if not a.is_any]
        if not exact or max(a.weight for a in exact) != FULL:
            return "数值题需要一个完全正确的答案（权重 100）"
        if any(a.is_any and (a.weight != 0 or a is not answers[-1]) for a in answers):
            return "“其他任何数字”只能放在最后，且权重为 0"
        return weights_error([a.weight for a in answers])

    def check(self, question: Question, answer: float) -> Mark:
        return best(question.answers, lambda a: a.matches(answer))

    def decode(self, question: Question, raw, view: View) -> float:
        if isinstance(raw, str):
            raw = _parse_number(question, raw)
        number = require(question, raw, (int, float), "数值题的答案应为数字")
        try:
            value = float(number)  # a huge JSON integer overflows here
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            raise AnswerError(question.id, "数值题的答案应为有限的数字")
        return value

    def choices(self, question: Question, answer: float) -> list[str]:
        return [f"{answer:g}"]


def _parse_number(question: Question, raw: str) -> float:
    try:
        return float(unicodedata.normalize("NFKC", raw).strip())
    except ValueError:
        raise AnswerError(question.id, "请输入一个数字") from None
