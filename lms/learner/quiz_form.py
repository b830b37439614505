"""Reading the quiz page's HTML form into learner-API answers.

Field names: the question id for single, multiple, truefalse, short and numerical
questions; `<question id>/<left id>` (a right id) for matching; `<question id>/<item
id>` (a position from 1) for ordering. Empty fields are unanswered questions.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

TRUTH = {"true": True, "false": False}


def answers_from_form(questions: list[dict], form: MultiDict) -> dict[str, Any]:
    """The API `answers` object for these questions (ids as the attempt shows them)."""
    answers = {}
    for question in questions:
        value = _answer(question, form)
        if value is not None:
            answers[question["id"]] = value
    return answers


def _answer(question: dict, form: MultiDict) -> Any:
    name, kind = question["id"], question["type"]
    if kind == "multiple":
        return form.getlist(name) or None
    if kind == "matching":
        lefts = [left["id"] for left in question["left"]]
        pairs = {left: form.get(f"{name}/{left}", "") for left in lefts}
        return {left: right for left, right in pairs.items() if right} or None
    if kind == "ordering":
        return _order(name, question["options"], form)
    value = form.get(name, "").strip()
    if not value:
        return None
    return TRUTH.get(value, value) if kind == "truefalse" else value


def _order(name: str, items: list[dict], form: MultiDict) -> list[str]:
    """Items sorted by the positions chosen; ties keep the order shown."""
    ranked = []
    for shown, item in enumerate(items):
        raw = form.get(f"{name}/{item['id']}", "")
        position = int(raw) if raw.isdecimal() and len(raw) < 6 else shown + 1
        ranked.append((position, shown, item["id"]))
    return [item_id for _, _, item_id in sorted(ranked)]
