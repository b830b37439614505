"""The contract every question type fulfils, and small helpers they share."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from quizzes.errors import AnswerError
from quizzes.model import Mark, Question
from quizzes.view import View

FULL = 100.0
EPSILON = 1e-9


class QuestionType:
    """A kind of question: validation, presentation, answer decoding and grading.

    Logical answers (what `check` takes) use original indices, never the opaque
    ids a learner sees; `decode` maps an API answer to a logical one.
    """

    name: ClassVar[str]

    def validate(self, question: Question) -> str | None:
        """A Chinese message saying what is wrong with the question, or None."""
        raise NotImplementedError

    def check(self, question: Question, answer: Any) -> Mark:
        raise NotImplementedError

    def present(self, question: Question, view: View) -> dict:
        """Fields of the learner-API question beyond id, type and prompt_html."""
        return {}

    def decode(self, question: Question, raw: Any, view: View) -> Any:
        raise NotImplementedError

    def choices(self, question: Question, answer: Any) -> list[str]:
        """Stable keys of what was chosen, for item analysis."""
        return []


def mark(score: float, feedback: str = "") -> Mark:
    """A Mark with the score clamped to [0, 1]; correct means full marks."""
    score = min(1.0, max(0.0, score))
    return Mark(score=score, correct=score >= 1.0 - EPSILON, feedback=feedback)


def weights_error(weights: list[float]) -> str | None:
    if any(not math.isfinite(w) or not -FULL <= w <= FULL for w in weights):
        return "权重必须在 -100 到 100 之间"
    return None


def require(question: Question, raw: Any, kind: type | tuple, message: str) -> Any:
    """Return `raw` if it is of `kind` (bools are never numbers), else AnswerError."""
    is_bool = isinstance(raw, bool)
    if not isinstance(raw, kind) or (is_bool and bool not in _as_tuple(kind)):
        raise AnswerError(question.id, message)
    return raw


def lookup(question: Question, ids: dict[str, int], raw: Any) -> int:
    if not isinstance(raw, str) or raw not in ids:
        raise AnswerError(question.id, f"选项编号无效：{str(raw)[:40]}")
    return ids[raw]


def _as_tuple(kind: type | tuple) -> tuple:
    return kind if isinstance(kind, tuple) else (kind,)
