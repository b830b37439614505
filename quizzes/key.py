"""The answer key of a question, for the people who write quizzes: every answer with
the share of the marks it earns and its feedback (what the trainer's preview shows)."""

from __future__ import annotations

from dataclasses import dataclass

from quizzes.model import NumericAnswer, Question


@dataclass(frozen=True)
class KeyLine:
    """One answer: its text, the percent of the marks it earns (negative: a penalty),
    and the feedback a learner who gives it reads."""

    text: str
    weight: float
    feedback: str = ""

    @property
    def is_right(self) -> bool:
        return self.weight > 0


def _number(answer: NumericAnswer) -> str:
    if answer.is_any:
        return "*"
    if answer.value is not None:
        return f"{answer.value:g}" + (
            f" ± {answer.tolerance:g}" if answer.tolerance else ""
        )
    return f"{answer.low:g}–{answer.high:g}"


def answer_key(question: Question) -> list[KeyLine]:
    """Every keyed answer of `question`, in the order it was written."""
    if question.options:
        return [KeyLine(o.text, o.weight, o.feedback) for o in question.options]
    if question.answers:
        return [
            KeyLine(
                _number(a) if isinstance(a, NumericAnswer) else a.text,
                a.weight,
                a.feedback,
            )
            for a in question.answers
        ]
    if question.pairs:
        return [KeyLine(f"{p.left} → {p.right}", 100.0) for p in question.pairs]
    if question.items:
        return [
            KeyLine(f"{n}. {item}", 100.0) for n, item in enumerate(question.items, 1)
        ]
    if question.type == "truefalse":
        right = question.feedback_true if question.answer else question.feedback_false
        wrong = question.feedback_false if question.answer else question.feedback_true
        return [
            KeyLine("true" if question.answer else "false", 100.0, right),
            KeyLine("false" if question.answer else "true", 0.0, wrong),
        ]
    return []
