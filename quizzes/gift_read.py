"""Reads Moodle GIFT (and our metadata comments) into a Quiz.

Moodle's meaning is kept (see README.md "GIFT mapping"). Essays and descriptions,
which this engine cannot grade, are skipped with an ImportNote each.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from quizzes.errors import ImportNote, QuizFormatError
from quizzes.gift_answers import READERS, Answers, kind_of
from quizzes.gift_text import Block, blocks, protect, release, with_format
from quizzes.model import Loaded, Option, Question, Quiz
from quizzes.validate import question_error, settings_error

QUIZ_META = re.compile(r"^//\s*quiz\.(\w+):\s*(.*)$")
QUESTION_META = re.compile(r"^//\s*question:\s*(\S+)")
EXTRA_META = re.compile(r"^//\s*extra:\s*(.*)$")
SETTINGS = {
    "title",
    "pass_score",
    "draw",
    "shuffle",
    "max_attempts",
    "cooldown_minutes",
    "time_limit_minutes",
}


def load_gift(text: str, source: str = "", title: str = "") -> Loaded:
    """Parse a GIFT file; raises QuizFormatError (line, column, Chinese message)."""
    settings: dict = {"title": title}
    questions: list[Question] = []
    notes: list[ImportNote] = []
    category = ""
    for block in blocks(text, source):
        settings.update(_quiz_meta(block))
        body = protect(block.text)
        if body.strip().startswith("$CATEGORY:"):
            category = release(body.strip()[len("$CATEGORY:") :]).strip()
            continue
        question = _question(block, body, notes)
        if question is not None:
            questions.append(replace(question, category=category))
    quiz = Quiz(questions=tuple(_number_ids(questions)), **settings)
    error = settings_error(quiz)
    if error:
        raise QuizFormatError(error, 1, 1, source)
    return Loaded(quiz, tuple(notes))


def _quiz_meta(block: Block) -> dict:
    found = {}
    for number, line in block.comments:
        match = QUIZ_META.match(line)
        if not match:
            continue
        if match.group(1) not in SETTINGS:
            raise QuizFormatError(
                f"不认识的测验设置“{match.group(1)}”", number, 1, block.source
            )
        found[match.group(1)] = _json(block, number, match.group(2))
    return found


def _json(block: Block, number: int, text: str):
    try:
        return json.loads(text)
    except ValueError:
        raise QuizFormatError(
            "注释中的设置不是合法的 JSON", number, 1, block.source
        ) from None


def _question(block: Block, body: str, notes: list[ImportNote]) -> Question | None:
    lead = len(body) - len(body.lstrip())
    text = body.strip()
    if not text:
        return None
    name, start = _name(text)
    start_brace, end_brace = text.find("{", start), text.find("}", start)
    if start_brace < 0 and end_brace < 0:
        notes.append(
            ImportNote(block.line, "说明文字（没有答案的题目）不能评分，已跳过")
        )
        return None
    _check_braces(block, text, lead, start_brace, end_brace)
    answer_text, gf = _general_feedback(text[start_brace + 1 : end_brace])
    blank = "" if end_brace == len(text) - 1 else "_____"
    fmt, prompt = with_format(
        text[start:start_brace] + blank + text[end_brace + 1 :], "moodle"
    )
    if not answer_text.strip():
        notes.append(ImportNote(block.line, "问答题（{}）需要人工评分，已跳过"))
        return None
    offset = lead + start_brace + 1 + len(answer_text) - len(answer_text.lstrip())
    answers = Answers(block, answer_text.strip(), offset, fmt, notes)
    question = _build(answers, name, prompt, fmt, gf)
    return _finish(block, question, lead + start)


def _build(answers: Answers, name: str, prompt: str, fmt: str, gf: str) -> Question:
    """The question of the kind its answer block spells, read by that kind's reader."""
    kind = kind_of(answers.text)
    return Question(
        id="",
        type=kind,
        prompt=prompt,
        format=fmt,
        name=name,
        feedback=with_format(gf.strip(), fmt)[1],
        **READERS[kind](answers),
    )


def _name(text: str) -> tuple[str, int]:
    """Moodle's `::name::`; returns the name and where the question text starts."""
    if not text.startswith("::"):
        return "", 0
    end = text.find("::", 2)
    if end < 0:
        return "", 2
    after = end + 2
    return release(text[2:end]).strip(), after + len(text[after:]) - len(
        text[after:].lstrip()
    )


def _check_braces(block: Block, text: str, lead: int, start: int, end: int) -> None:
    if start < 0 or end < 0 or end < start:
        raise block.error(
            lead + max(start, end), "花括号不配对：答案要写在 { 和 } 之间"
        )
    if "{" in text[start + 1 : end]:
        raise block.error(lead + text.find("{", start + 1), "答案中的 { 需要写成 \\{")
    for brace in "{}":
        extra = text.find(brace, end + 1)
        if extra >= 0:
            raise block.error(
                lead + extra,
                f"答案之后又出现了 {brace}：一道题只能有一组答案，字面的花括号要写成 \\{brace}",
            )


def _general_feedback(answer_text: str) -> tuple[str, str]:
    cut = answer_text.rfind("####")
    if cut < 0:
        return answer_text, ""
    return answer_text[:cut], answer_text[cut + 4 :]


def _finish(block: Block, question: Question, offset: int) -> Question:
    qid, extra = None, {}
    for number, line in block.comments:
        if match := QUESTION_META.match(line):
            qid = match.group(1)
        elif match := EXTRA_META.match(line):
            extra = _json(block, number, match.group(1))
    question = _apply_extra(block, replace(question, id=qid or "\0"), extra)
    error = question_error(replace(question, id=qid or "auto"))
    if error:
        raise block.error(offset, error)
    return question


def _apply_extra(block: Block, question: Question, extra) -> Question:
    """Our `// extra: {...}` comment: pictures and pinned options GIFT cannot say."""
    if not isinstance(extra, dict):
        raise block.error(0, "extra 注释应为 JSON 对象")
    options = list(question.options)
    for index, fields in enumerate(extra.get("options", [])[: len(options)]):
        options[index] = _option_extra(block, options[index], fields)
    return replace(question, image=str(extra.get("image", "")), options=tuple(options))


def _option_extra(block: Block, option: Option, fields) -> Option:
    if not isinstance(fields, dict):
        raise block.error(0, "extra 注释中的 options 应为对象列表")
    return replace(
        option,
        image=str(fields.get("image", "")),
        pinned=bool(fields.get("pinned", False)),
    )


def _number_ids(questions: list[Question]) -> list[Question]:
    """Questions without a `// question: id` comment get q1, q2, ... by position."""
    taken = {q.id for q in questions}
    numbered, counter = [], 0
    for question in questions:
        if question.id == "\0":
            counter += 1
            while f"q{counter}" in taken:
                counter += 1
            question = replace(question, id=f"q{counter}")
        numbered.append(question)
    return numbered
