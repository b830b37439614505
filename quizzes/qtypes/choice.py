"""Choice questions: single choice, multiple choice (weighted), true/false."""

from __future__ import annotations

import math

from quizzes.model import Mark, Question
from quizzes.qtypes.base import FULL, QuestionType, lookup, mark, require, weights_error
from quizzes.view import View


def _present_options(question: Question, view: View) -> dict:
    options = question.options
    pinned = frozenset(i for i, option in enumerate(options) if option.pinned)
    ids = view.ids("o", len(options))
    order = view.order("o", len(options), pinned)
    shown = [
        {"id": ids[i], "html": view.inline(options[i].text, options[i].image)}
        for i in order
    ]
    return {"options": shown}


def _options_error(question: Question) -> str | None:
    if len(question.options) < 2:
        return "至少需要两个选项"
    return weights_error([o.weight for o in question.options])


class Single(QuestionType):
    """One option is chosen; its weight is the score (partial credit allowed)."""

    name = "single"

    def validate(self, question: Question) -> str | None:
        error = _options_error(question)
        if error is None and max(o.weight for o in question.options) != FULL:
            return "单选题需要一个完全正确的选项（权重 100）"
        return error

    def check(self, question: Question, answer: int) -> Mark:
        option = question.options[answer]
        return mark(option.weight / FULL, option.feedback)

    def present(self, question: Question, view: View) -> dict:
        return _present_options(question, view)

    def decode(self, question: Question, raw, view: View) -> int:
        return lookup(question, view.index_of("o", len(question.options)), raw)

    def choices(self, question: Question, answer: int) -> list[str]:
        return [str(answer + 1)]


class Multiple(QuestionType):
    """Several options are chosen; weights add up (negative ones subtract)."""

    name = "multiple"

    def validate(self, question: Question) -> str | None:
        error = _options_error(question)
        positive = sum(o.weight for o in question.options if o.weight > 0)
        if error is None and positive < FULL - 0.5:
            return "多选题正确选项的权重之和必须达到 100"
        return error

    def check(self, question: Question, answer: frozenset[int]) -> Mark:
        chosen = [question.options[i] for i in sorted(answer)]
        feedback = "\n\n".join(o.feedback for o in chosen if o.feedback)
        return mark(math.fsum(o.weight for o in chosen) / FULL, feedback)

    def present(self, question: Question, view: View) -> dict:
        return _present_options(question, view)

    def decode(self, question: Question, raw, view: View) -> frozenset[int]:
        require(question, raw, list, "多选题的答案应为选项编号列表")
        ids = view.index_of("o", len(question.options))
        return frozenset(lookup(question, ids, item) for item in raw)

    def choices(self, question: Question, answer: frozenset[int]) -> list[str]:
        return [str(i + 1) for i in sorted(answer)]


class TrueFalse(QuestionType):
    """A statement judged true or false, with feedback for each judgement."""

    name = "truefalse"

    def validate(self, question: Question) -> str | None:
        return None

    def check(self, question: Question, answer: bool) -> Mark:
        feedback = question.feedback_true if answer else question.feedback_false
        return mark(1.0 if answer == question.answer else 0.0, feedback)

    def decode(self, question: Question, raw, view: View) -> bool:
        return require(question, raw, bool, "判断题的答案应为 true 或 false")

    def choices(self, question: Question, answer: bool) -> list[str]:
        return ["true" if answer else "false"]
