"""Line breaking for Chinese text, shared by slide rendering and subtitles.

Breaks between any two Chinese characters, keeps Latin words and numbers whole, never
starts a line with closing punctuation nor ends one with opening punctuation (the
common 避头尾 rules): the character before such a mark moves down with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

CLOSING = set("，。、；：！？）】》〉」』”’…—～,.;:!?)]}%％·")
OPENING = set("（【《〈「『“‘([{")
WIDE = set("…—“”‘’·")
TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:[.,:/\-–'][A-Za-z0-9]+)*%?|\s+|.", re.S)


def char_width(text: str) -> float:
    """Subtitle width: a Chinese character counts 1, an ASCII character 0.5."""
    return sum(1.0 if ord(ch) >= 0x2E80 or ch in WIDE else 0.5 for ch in text)


def wrap(text: str, measure: Callable[[str], float], max_width: float) -> list[str]:
    """Break `text` into lines no wider than `max_width` as measured by `measure`."""
    lines: list[list[str]] = []
    current: list[str] = []
    for token in _tokens(text, measure, max_width):
        if not current and token.isspace():
            continue
        if measure("".join(current) + token) <= max_width or not current:
            current.append(token)
            continue
        carry = _carry(current, token)
        lines.append(current)
        current = [*carry, token] if not token.isspace() else carry
    if current:
        lines.append(current)
    return [line for line in ("".join(tokens).strip() for tokens in lines) if line]


def _carry(current: list[str], token: str) -> list[str]:
    """Tokens to move down so the new line does not start with closing punctuation."""
    moves_down = token[0] in CLOSING or current[-1][-1] in OPENING
    if moves_down and len(current) > 1:
        carried = [current.pop()]
        if carried[0][-1] in CLOSING and len(current) > 1:
            carried.insert(0, current.pop())
        return carried
    return []


def _tokens(text: str, measure: Callable[[str], float], max_width: float) -> list[str]:
    """Split into breakable units; a Latin run wider than a line is cut by character."""
    tokens = []
    for token in TOKEN_RE.findall(text.replace("\n", " ")):
        if len(token) > 1 and not token.isspace() and measure(token) > max_width:
            tokens.extend(token)
        else:
            tokens.append(token)
    return tokens
