"""The registry of question types: type name -> object with check/present/decode."""

from __future__ import annotations

from quizzes.qtypes.base import QuestionType
from quizzes.qtypes.choice import Multiple, Single, TrueFalse
from quizzes.qtypes.pairs import Matching, Ordering
from quizzes.qtypes.textual import Numerical, Short

REGISTRY: dict[str, QuestionType] = {
    kind.name: kind()
    for kind in (Single, Multiple, TrueFalse, Short, Numerical, Matching, Ordering)
}


def question_type(name: str) -> QuestionType:
    """The type registered under `name` (KeyError if none)."""
    return REGISTRY[name]


__all__ = ["REGISTRY", "QuestionType", "question_type"]
