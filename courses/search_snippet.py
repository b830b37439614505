"""Highlighted snippets: a short, HTML-escaped excerpt with matches in <mark>.

The excerpt comes from the body when the query's words occur there, else from the
summary, else from the title; in summary and title, pinyin matches are marked on
the characters they spell. With no match anywhere, the summary's start is shown. Everything outside the <mark> tags is escaped, so the result is safe
to insert into a page as it is.
"""

from __future__ import annotations

import re
from html import escape

from courses.search_pinyin import match_spans
from courses.search_text import fold

WIDTH = 80  # characters of body or summary shown
LEAD = 12  # characters kept before the first match in the window
MAX_SPANS = 40  # enough to place the window; keeps it cheap
_SPACES = re.compile(r"\s+")


def snippet_html(title: str, summary: str, body: str, text_words, pinyin_words) -> str:
    """The snippet for one hit (see the module docstring)."""
    marked, pinyin = _marked_words(text_words), list(pinyin_words)
    spans = _word_spans(body, marked)
    if spans:
        return _render(body, spans)
    spans = _word_spans(summary, marked) + _pinyin_spans(summary, pinyin)
    if spans:
        return _render(summary, spans)
    spans = _word_spans(title, marked) + _pinyin_spans(title, pinyin)
    if spans:
        return _render(title, spans, window=False)
    return _render(summary or body or title, [], window=bool(summary or body))


def _marked_words(text_words) -> list[str]:
    """Single characters (与, 的) mark only when the query has nothing longer."""
    longer = [w for w in text_words if len(w) > 1]
    return longer or [w for w in text_words if w]


def _pinyin_spans(text: str, pinyin: list[str]) -> list[tuple[int, int]]:
    return match_spans(fold(text), pinyin) if pinyin and text else []


def _word_spans(text: str, marked: list[str]) -> list[tuple[int, int]]:
    folded, spans = fold(text), []
    for word in marked:
        start = folded.find(word)
        while start != -1 and len(spans) < MAX_SPANS:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    return spans


def _render(text: str, spans: list[tuple[int, int]], window: bool = True) -> str:
    spans = _merge(spans)
    start, end = _best_window(text, spans) if window else (0, len(text))
    parts = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts += [_plain(text[cursor:s]), "<mark>", _plain(text[s:e]), "</mark>"]
        cursor = e
    parts += [_plain(text[cursor:end]), "…" if end < len(text) else ""]
    return "".join(parts)


def _plain(text: str) -> str:
    return escape(_SPACES.sub(" ", text))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _best_window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The WIDTH-character window (starting LEAD before a match) holding the most
    matched characters; `spans` are sorted and disjoint."""
    if len(text) <= WIDTH:
        return 0, len(text)
    best, best_start, covered, j = -1, 0, 0, 0
    for i, (s, _) in enumerate(spans):
        if j > i - 1 >= 0:  # the previous span leaves the window
            covered -= spans[i - 1][1] - spans[i - 1][0]
        elif j < i:
            j, covered = i, 0
        while j < len(spans) and spans[j][1] <= s - LEAD + WIDTH:
            covered += spans[j][1] - spans[j][0]
            j += 1
        if covered > best:
            best, best_start = covered, max(0, min(s - LEAD, len(text) - WIDTH))
    return best_start, best_start + WIDTH
