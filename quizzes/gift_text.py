"""GIFT lexical layer: blank-line blocks with positions, escapes, answer splitting.

Escaped control characters (`\\~ \\= \\# \\{ \\} \\: \\\\ \\n`) are replaced by
two-character placeholders, so offsets stay those of the source and a protected
character is never taken for syntax (Moodle does the same with `&&NNN;`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizzes.errors import QuizFormatError

ESCAPABLE = "\\:#={}~n"
MARK = "\ue000"
_PLACEHOLDER = {ch: chr(0xE001 + i) for i, ch in enumerate(ESCAPABLE)}
_RELEASED = {MARK + ph: ("\n" if ch == "n" else ch) for ch, ph in _PLACEHOLDER.items()}
_RELEASE = re.compile("|".join(map(re.escape, _RELEASED)))
_WRITE = {"\\": "\\\\", "\n": "\\n", "\r": ""} | {ch: "\\" + ch for ch in ":#={}~"}
FORMATS = ("moodle", "html", "plain", "markdown")


def protect(text: str) -> str:
    r"""Replace each escape `\X` by MARK + placeholder (same length)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
            out.append(MARK + _PLACEHOLDER[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def release(text: str) -> str:
    """Turn placeholders back into the characters they stand for."""
    return _RELEASE.sub(lambda m: _RELEASED[m.group(0)], text)


def escape(text: str) -> str:
    """Escape GIFT control characters, backslashes and line breaks (Moodle's repchar)."""
    return "".join(_WRITE.get(ch, ch) for ch in text)


def with_format(text: str, default: str) -> tuple[str, str]:
    """Split a leading `[markdown]`-style marker off (protected) text; release it."""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in FORMATS:
            fmt, text = text[1:end], text[end + 1 :]
    return fmt, release(text).strip()


@dataclass
class Block:
    """One question's lines: trimmed and joined, comments blanked as in Moodle."""

    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset of each line
    numbers: list[int] = field(default_factory=list)  # its 1-based line number
    indents: list[int] = field(default_factory=list)  # whitespace trimmed off
    comments: list[tuple[int, str]] = field(default_factory=list)
    source: str = ""

    @property
    def line(self) -> int:
        return self.numbers[0]

    def position(self, offset: int) -> tuple[int, int]:
        index = max(i for i, start in enumerate(self.starts) if start <= offset)
        column = offset - self.starts[index] + self.indents[index] + 1
        return self.numbers[index], column

    def error(self, offset: int, message: str) -> QuizFormatError:
        line, column = self.position(max(0, min(offset, len(self.text) - 1)))
        return QuizFormatError(message, line, column, self.source)


def blocks(text: str, source: str = "") -> list[Block]:
    """Split a GIFT file at blank lines, as Moodle's importer does."""
    found, current = [], Block(source=source)
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if current.numbers:
                found.append(current)
            current = Block(source=source)
            continue
        if current.numbers:
            current.text += "\n"
        if line.startswith("//"):
            current.comments.append((number, line))
            line = " "
        current.starts.append(len(current.text))
        current.numbers.append(number)
        current.indents.append(len(raw) - len(raw.lstrip()))
        current.text += line
    if current.numbers:
        found.append(current)
    return found


def split_answers(
    text: str, offset: int, keep: str, drop: str
) -> list[tuple[int, str]]:
    """Cut `text` before each `keep` char (kept) and at each `drop` char (removed).

    Returns (offset, trimmed piece) pairs; an empty first piece is left out, as in
    Moodle's `explode` + `array_shift`.
    """
    pieces, start = [], 0
    for i, ch in enumerate(text):
        if ch in keep or ch in drop:
            pieces.append((start, text[start:i]))
            start = i + (ch in drop)
    pieces.append((start, text[start:]))
    trimmed = [(offset + s + len(p) - len(p.lstrip()), p.strip()) for s, p in pieces]
    if trimmed and not trimmed[0][1]:
        trimmed.pop(0)
    return trimmed
