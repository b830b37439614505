"""Writes a Quiz as Moodle GIFT; `load_gift` reads it back to the same Quiz.

Settings and fields GIFT has no syntax for travel in `//` comments, which Moodle
ignores: `// quiz.<setting>: <json>`, `// question: <id>` (as in Moodle's own
export) and `// extra: {"image": ..., "options": [{"image", "pinned"}]}`.
"""

from __future__ import annotations

import json
from decimal import Decimal

from quizzes.errors import QuizExportError
from quizzes.gift_text import escape
from quizzes.model import NumericAnswer, Question, Quiz
from quizzes.yaml_write import DEFAULTS, SETTINGS

BLANK = "_____"


def dump_gift(quiz: Quiz) -> str:
    """The quiz as GIFT text (raises QuizExportError for what GIFT cannot hold)."""
    header = [f"// quiz.title: {_json(quiz.title)}"]
    for key in SETTINGS:
        if getattr(quiz, key) != getattr(DEFAULTS, key):
            header.append(f"// quiz.{key}: {_json(getattr(quiz, key))}")
    chunks, category = ["\n".join(header)], ""
    for question in quiz.questions:
        if question.category != category:
            category = question.category
            chunks.append(f"$CATEGORY: {escape(category)}")
        chunks.append(_question(question))
    return "\n\n".join(chunks) + "\n"


def _question(question: Question) -> str:
    lines = [f"// question: {question.id}"]
    extra = _extra(question)
    if extra:
        lines.append(f"// extra: {_json(extra)}")
    name = f"::{escape(question.name)}::" if question.name else ""
    body = BODIES[question.type](question)
    general = (
        f"\t####{_text(question, question.feedback)}\n" if question.feedback else ""
    )
    block = "{" + body + general + "}"
    before, after = _split_prompt(question)
    lines.append(
        name + _prefix(question, before, name) + escape(before) + block + escape(after)
    )
    return "\n".join(lines)


def _split_prompt(question: Question) -> tuple[str, str]:
    """A single `_____` not at the end becomes the place of the answers (missing word)."""
    prompt = question.prompt
    if prompt.count(BLANK) == 1 and not prompt.endswith(BLANK):
        before, after = prompt.split(BLANK)
        return before, after
    return prompt, ""


def _prefix(question: Question, text: str, name: str) -> str:
    risky = text.startswith("[") or (not name and text.startswith("//"))
    return f"[{question.format}]" if question.format != "moodle" or risky else ""


def _text(question: Question, text: str) -> str:
    """An answer or feedback text; a leading `[` gets an explicit format marker."""
    return (f"[{question.format}]" if text.startswith("[") else "") + escape(text)


def _feedback(question: Question, feedback: str) -> str:
    return f"#{_text(question, feedback)}" if feedback else ""


def _plain(value: float) -> str:
    """A float as plain decimals (GIFT weights allow no exponent), read back exactly."""
    return format(Decimal(repr(float(value))), "f").removesuffix(".0")


def _choice(question: Question) -> str:
    lines, equals = [], question.type == "single"
    for option in question.options:
        if equals and option.weight == 100:
            mark, equals = "=", False  # one "=" marks single choice; more would
            # make an all-"=" list, which GIFT reads as short answer
        elif option.weight == 0 and not option.text.startswith("%"):
            mark = "~"
        else:
            mark = f"~%{_plain(option.weight)}%"
        lines.append(
            f"\t{mark}{_text(question, option.text)}{_feedback(question, option.feedback)}\n"
        )
    return "\n" + "".join(lines)


def _truefalse(question: Question) -> str:
    right = question.feedback_true if question.answer else question.feedback_false
    wrong = question.feedback_false if question.answer else question.feedback_true
    text = "TRUE" if question.answer else "FALSE"
    if wrong or right:
        text += "#" + _text(question, wrong)
    if right:
        text += "#" + _text(question, right)
    return text


def _short(question: Question) -> str:
    lines = []
    for answer in question.answers:
        if "->" in answer.text or "->" in answer.feedback:
            raise QuizExportError(
                f"题目“{question.id}”：GIFT 的填空答案和反馈里不能出现“->”"
            )
        text = f"=%{_plain(answer.weight)}%{_text(question, answer.text)}"
        lines.append(f"\t{text}{_feedback(question, answer.feedback)}\n")
    return "\n" + "".join(lines)


def _numerical(question: Question) -> str:
    return "#\n" + "".join(f"\t{_number(question, a)}\n" for a in question.answers)


def _number(question: Question, answer: NumericAnswer) -> str:
    if answer.is_any:
        return "~#" + _text(question, answer.feedback)
    if answer.value is not None:
        value = f"{_plain(answer.value)}:{_plain(answer.tolerance)}"
    else:
        value = f"{_plain(answer.low)}..{_plain(answer.high)}"
    return f"=%{_plain(answer.weight)}%{value}{_feedback(question, answer.feedback)}"


def _matching(question: Question) -> str:
    lines = []
    for pair in question.pairs:
        if "->" in pair.left:
            raise QuizExportError(f"题目“{question.id}”：GIFT 配对题左侧不能出现“->”")
        lines.append(f"\t={_text(question, pair.left)} -> {escape(pair.right)}\n")
    return "\n" + "".join(lines)


def _ordering(question: Question) -> str:
    grading = question.grading.upper()
    items = [escape(item) for item in question.items]
    if any(item.startswith("//") for item in items):
        raise QuizExportError(f"题目“{question.id}”：GIFT 排序项不能以“//”开头")
    head = f">{len(items)} ALL VERTICAL {grading} SHOW\n"
    return head + "".join(f"{item}\n" for item in items)


def _extra(question: Question) -> dict:
    extra: dict = {"image": question.image} if question.image else {}
    options = [
        {k: v for k, v in (("image", o.image), ("pinned", o.pinned)) if v}
        for o in question.options
    ]
    if any(options):
        extra["options"] = options
    return extra


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


BODIES = {
    "single": _choice,
    "multiple": _choice,
    "truefalse": _truefalse,
    "short": _short,
    "numerical": _numerical,
    "matching": _matching,
    "ordering": _ordering,
}
