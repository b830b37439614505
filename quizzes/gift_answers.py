"""GIFT answer blocks: deciding the question type and reading its answers.

The rules follow Moodle's `question/format/gift/format.php` (`readquestion`), plus
the ordering plugin's `{>N ...}` syntax (`qtype_ordering::import_from_gift`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizzes.errors import ImportNote
from quizzes.gift_text import Block, release, split_answers, with_format
from quizzes.model import NumericAnswer, Option, Pair, TextAnswer

WEIGHT = re.compile(r"^%(-*)(\d{1,2}\.?\d*)%")
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
ORDER_GRADINGS = {
    "ALL_OR_NOTHING": "all_or_nothing",
    "ABSOLUTE_POSITION": "absolute_position",
    "ABSOLUTE": "absolute_position",
    "ABS": "absolute_position",
}


@dataclass
class Answers:
    """The protected answer text of one block, where it starts, the text format."""

    block: Block
    text: str
    offset: int
    fmt: str
    notes: list[ImportNote]

    def pieces(self, keep: str = "", drop: str = "=") -> list[tuple[int, str]]:
        return split_answers(self.text, self.offset, keep, drop)

    def error(self, offset: int, message: str):
        return self.block.error(offset, message)


def kind_of(text: str) -> str:
    """Moodle's type decision on the (protected) answer text."""
    if text.startswith(">"):
        return "ordering"
    if text.startswith("#"):
        return "numerical"
    if "~" in text:
        return "single" if "=" in text else "multiple"
    if "=" in text and "->" in text:
        return "matching"
    head = text[: text.find("#")].strip() if text.find("#") > 0 else text
    return "truefalse" if head in TRUE_FALSE else "short"


def weight(piece: str, default: float) -> tuple[float, str]:
    """Read a leading `%50%` (or `%-33.3%`) weight; Moodle's regex and defaults."""
    match = WEIGHT.match(piece)
    if not match:
        return default, piece
    value = float(match.group(2)) * (-1 if match.group(1) else 1)
    return value, piece[match.end() :]


def comment(piece: str, fmt: str) -> tuple[str, str]:
    """Split `answer#feedback` (first `#`) and release both texts."""
    answer, _, feedback = piece.partition("#")
    return with_format(answer.strip(), fmt)[1], with_format(feedback.strip(), fmt)[1]


def choice(answers: Answers) -> dict:
    pieces = answers.pieces(keep="=", drop="~")
    if len(pieces) < 2:
        raise answers.error(answers.offset, "选择题至少需要两个答案")
    options = []
    for _, piece in pieces:
        if piece.startswith("="):
            value, piece = 100.0, piece[1:]
        else:
            value, piece = weight(piece, 0.0)
        text, feedback = comment(piece, answers.fmt)
        options.append(Option(text=text, weight=value, feedback=feedback))
    return {"options": tuple(options)}


def matching(answers: Answers) -> dict:
    pieces = answers.pieces()
    if len(pieces) < 2:
        raise answers.error(answers.offset, "配对题至少需要两对")
    pairs = []
    for offset, piece in pieces:
        left, arrow, right = piece.partition("->")
        if not arrow:
            raise answers.error(offset, "配对题的每一项都要写成“=左边 -> 右边”")
        pairs.append(
            Pair(with_format(left.strip(), answers.fmt)[1], release(right).strip())
        )
    return {"pairs": tuple(pairs)}


def truefalse(answers: Answers) -> dict:
    head, wrong, right = (answers.text.split("#", 2) + ["", ""])[:3]
    value = TRUE_FALSE[head.strip()]
    wrong, right = (with_format(t.strip(), answers.fmt)[1] for t in (wrong, right))
    return {
        "answer": value,
        "feedback_true": right if value else wrong,
        "feedback_false": wrong if value else right,
    }


def short(answers: Answers) -> dict:
    found = []
    for _, piece in answers.pieces():
        value, piece = weight(piece, 100.0)
        text, feedback = comment(piece, answers.fmt)
        found.append(TextAnswer(text=text, weight=value, feedback=feedback))
    if not found:
        raise answers.error(answers.offset, "填空题至少需要一个答案")
    return {"answers": tuple(found)}


def numerical(answers: Answers) -> dict:
    body, tilde, other = answers.text[1:].partition("~")
    pieces = split_answers(body, answers.offset + 1, "", "=")
    if not pieces:
        raise answers.error(answers.offset, "数值题没有答案")
    found = [_number_answer(answers, offset, piece) for offset, piece in pieces]
    if tilde:
        found.append(
            NumericAnswer(weight=0.0, feedback=comment(tilde + other, answers.fmt)[1])
        )
    return {"answers": tuple(found)}


def _number_answer(answers: Answers, offset: int, piece: str) -> NumericAnswer:
    value, piece = weight(piece, 100.0)
    text, feedback = comment(piece, answers.fmt)
    if text.find("..") > 0:
        low, high = (_float(answers, offset, t) for t in text.split("..", 1))
        return NumericAnswer(low=low, high=high, weight=value, feedback=feedback)
    middle, colon, tolerance = (
        text.partition(":") if text.find(":") > 0 else (text, "", "0")
    )
    number, margin = _float(answers, offset, middle), _float(answers, offset, tolerance)
    return NumericAnswer(
        value=number, tolerance=abs(margin), weight=value, feedback=feedback
    )


def _float(answers: Answers, offset: int, text: str) -> float:
    if not NUMBER.match(text.strip()):
        raise answers.error(offset, f"数值题的答案“{text.strip()}”不是数字")
    return float(text)


def ordering(answers: Answers) -> dict:
    head, _, rest = answers.text[1:].partition("\n")
    tokens = head.split()
    if not tokens or not tokens[0].isdigit():
        raise answers.error(answers.offset, "排序题要写成“{>项数 ... 每行一项}”")
    grading = "absolute_position"
    for token in tokens[1:]:
        if token in ORDER_GRADINGS:
            grading = ORDER_GRADINGS[token]
        elif token.startswith(("REL", "LONGEST")):
            note = f"排序题评分方式 {token} 不支持，改为按位置计分"
            answers.notes.append(ImportNote(answers.block.line, note))
    items = tuple(release(line).strip() for line in rest.split("\n") if line.strip())
    return {"items": items, "grading": grading}


READERS = {
    "single": choice,
    "multiple": choice,
    "matching": matching,
    "truefalse": truefalse,
    "short": short,
    "numerical": numerical,
    "ordering": ordering,
}
