"""Structured answers: matching pairs and ordering items."""

from __future__ import annotations

from quizzes.errors import AnswerError
from quizzes.model import ORDERING_GRADINGS, Mark, Question
from quizzes.qtypes.base import QuestionType, lookup, mark, require
from quizzes.view import View


def right_texts(question: Question) -> list[str]:
    """The distinct right-hand texts, in order of first appearance."""
    return list(dict.fromkeys(pair.right for pair in question.pairs))


def _entries(view: View, kind: str, texts: list[str], order: list[int]) -> list:
    ids = view.ids(kind, len(texts))
    return [{"id": ids[i], "html": view.inline(texts[i])} for i in order]


class Matching(QuestionType):
    """Each left item is matched with a right one; score = share matched right.

    Logical answer: {pair index: index into `right_texts`}. Pairs with an empty
    left are distractors: their right text is offered but matches nothing.
    """

    name = "matching"

    def validate(self, question: Question) -> str | None:
        if sum(1 for pair in question.pairs if pair.left) < 2:
            return "配对题至少需要两对"
        if any(not pair.right for pair in question.pairs):
            return "配对题每一对都需要右侧答案"
        return None

    def check(self, question: Question, answer: dict[int, int]) -> Mark:
        rights = right_texts(question)
        lefts = [i for i, pair in enumerate(question.pairs) if pair.left]
        good = sum(
            1
            for i in lefts
            if i in answer and rights[answer[i]] == question.pairs[i].right
        )
        return mark(good / len(lefts))

    def present(self, question: Question, view: View) -> dict:
        lefts = [pair.left for pair in question.pairs]
        order = [i for i in view.order("l", len(lefts)) if lefts[i]]
        rights = right_texts(question)
        right_order = view.order("r", len(rights), force=True)
        return {
            "left": _entries(view, "l", lefts, order),
            "right": _entries(view, "r", rights, right_order),
        }

    def decode(self, question: Question, raw, view: View) -> dict[int, int]:
        require(question, raw, dict, "配对题的答案应为 {左侧编号: 右侧编号}")
        pairs = question.pairs
        left_ids = {
            k: i for k, i in view.index_of("l", len(pairs)).items() if pairs[i].left
        }
        right_ids = view.index_of("r", len(right_texts(question)))
        return {
            lookup(question, left_ids, key): lookup(question, right_ids, value)
            for key, value in raw.items()
        }

    def choices(self, question: Question, answer: dict[int, int]) -> list[str]:
        return [f"{left + 1}={right + 1}" for left, right in sorted(answer.items())]


class Ordering(QuestionType):
    """Items put in order; score = share in the right place (or all or nothing).

    Logical answer: a tuple of item indices in the learner's order.
    """

    name = "ordering"

    def validate(self, question: Question) -> str | None:
        if len(question.items) < 2:
            return "排序题至少需要两项"
        if question.grading not in ORDERING_GRADINGS:
            return f"排序题的评分方式只能是 {'、'.join(ORDERING_GRADINGS)}"
        return None

    def check(self, question: Question, answer: tuple[int, ...]) -> Mark:
        placed = sum(1 for position, item in enumerate(answer) if position == item)
        share = placed / len(question.items)
        if question.grading == "all_or_nothing":
            share = float(share == 1.0)
        return mark(share)

    def present(self, question: Question, view: View) -> dict:
        items = list(question.items)
        return {
            "options": _entries(
                view, "o", items, view.order("o", len(items), force=True)
            )
        }

    def decode(self, question: Question, raw, view: View) -> tuple[int, ...]:
        require(question, raw, list, "排序题的答案应为按顺序排列的选项编号列表")
        ids = view.index_of("o", len(question.items))
        order = tuple(lookup(question, ids, item) for item in raw)
        if sorted(order) != list(range(len(question.items))):
            raise AnswerError(question.id, "排序题的答案必须把每一项各排一次")
        return order

    def choices(self, question: Question, answer: tuple[int, ...]) -> list[str]:
        return ["-".join(str(i + 1) for i in answer)]
