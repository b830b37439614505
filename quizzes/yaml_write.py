"""Writes a Quiz in our YAML format (the inverse of `yaml_read.load_yaml`)."""

from __future__ import annotations

import yaml

from quizzes.model import NumericAnswer, Option, Question, Quiz, TextAnswer

DEFAULTS = Quiz(title="", questions=())
SETTINGS = (
    "pass_score",
    "draw",
    "shuffle",
    "max_attempts",
    "cooldown_minutes",
    "time_limit_minutes",
)


def dump_yaml(quiz: Quiz) -> str:
    """The quiz as YAML text; settings left at their default are omitted."""
    data: dict = {"title": quiz.title}
    for key in SETTINGS:
        value = getattr(quiz, key)
        if value != getattr(DEFAULTS, key):
            data[key] = _number(value)
    data["questions"] = [_question(q) for q in quiz.questions]
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )


def _question(question: Question) -> dict:
    data = {"id": question.id, "type": question.type, "prompt": question.prompt}
    for key in ("format", "name", "category", "image", "feedback"):
        value = getattr(question, key)
        if value and not (key == "format" and value == "markdown"):
            data[key] = value
    data.update(BODIES[question.type](question))
    return data


def _options(question: Question) -> dict:
    return {"options": [_option(question, o) for o in question.options]}


def _option(question: Question, option: Option) -> dict:
    data: dict = {"text": option.text}
    if question.type == "single" and option.weight == 100:
        data["correct"] = True
    elif option.weight:
        data["weight"] = _number(option.weight)
    for key in ("feedback", "image", "pinned"):
        if getattr(option, key):
            data[key] = getattr(option, key)
    return data


def _truefalse(question: Question) -> dict:
    data: dict = {"answer": question.answer}
    for key in ("feedback_true", "feedback_false"):
        if getattr(question, key):
            data[key] = getattr(question, key)
    return data


def _short(question: Question) -> dict:
    return {"answers": [_with_feedback(a, {"text": a.text}) for a in question.answers]}


def _numerical(question: Question) -> dict:
    return {"answers": [_numeric(a) for a in question.answers]}


def _numeric(answer: NumericAnswer) -> dict:
    if answer.is_any:
        return _with_feedback(answer, {"any": True}, weight=False)
    if answer.value is not None:
        data = {"value": _number(answer.value)}
        if answer.tolerance:
            data["tolerance"] = _number(answer.tolerance)
    else:
        data = {"min": _number(answer.low), "max": _number(answer.high)}
    return _with_feedback(answer, data)


def _with_feedback(answer: TextAnswer | NumericAnswer, data: dict, weight=True) -> dict:
    if weight:
        data["weight"] = _number(answer.weight)
    if answer.feedback:
        data["feedback"] = answer.feedback
    return data


def _matching(question: Question) -> dict:
    pairs = [
        {"left": p.left, "right": p.right} if p.left else {"right": p.right}
        for p in question.pairs
    ]
    return {"pairs": pairs}


def _ordering(question: Question) -> dict:
    data: dict = {"items": list(question.items)}
    if question.grading != "absolute_position":
        data["grading"] = question.grading
    return data


def _number(value):
    """Whole floats are written as integers (5 rather than 5.0)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


class _Dumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks, for readable prompts."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

BODIES = {
    "single": _options,
    "multiple": _options,
    "truefalse": _truefalse,
    "short": _short,
    "numerical": _numerical,
    "matching": _matching,
    "ordering": _ordering,
}
