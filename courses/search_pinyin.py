"""Pinyin keys for titles and summaries, so Latin-letter queries find Chinese text.

How it is indexed. A title is split into segments at anything that is neither a Han
character nor an ASCII letter or digit. Each segment becomes a list of syllables: the
toneless pinyin of each Han character (pypinyin, with its phrase dictionary, so 重庆
reads chong qing) and each ASCII word as it is (aed, 120). From every syllable we
index, as whole Whoosh terms:

- full grams: each run of 1..6 consecutive syllables joined, plus the rest of the
  segment from that syllable (心肺复苏与AED -> xin, xinfei, xinfeifusu, fusuyuaed ...).
  A query matches whole syllables exactly; queries of 7+ letters also match as a
  Prefix of these terms, which covers runs longer than six syllables.
- partial grams: the same runs with the last syllable cut short, at least three
  letters in all (xinf, xinfeif, fus): a word still being typed is a plain term
  lookup, scored below a whole-syllable match.
- initial grams: each run of 2..8 consecutive first letters (x f f s y a -> xf, xff,
  xffs, ffs ...), plus the rest of the segment.
- skip grams: runs of 4..6 first letters with one inner letter left out
  (xffs -> xfs, xfs), because people abbreviate loosely; scored below exact grams.

Short queries never need term expansion (Whoosh's Prefix over a big lexicon is what
made p95 latency too high), so lookups stay cheap;
the price is a few hundred short terms per title. `match_spans` recomputes the same
grams with character offsets to highlight what a pinyin query matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import lazy_pinyin

MAX_FULL = 6  # syllables per full gram (longer: the segment rest + Prefix)
MAX_INITIALS = 8  # letters per initial gram
MAX_SKIP_WINDOW = 6  # letters spanned by a skip gram
FULL, PARTIAL, INITIALS, SKIP = "full", "partial", "initials", "skip"

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_PIECES = re.compile(f"[{_HAN}]+|[a-z0-9]+")
_SEGMENTS = re.compile(f"[{_HAN}a-z0-9]+")


@dataclass(frozen=True)
class Syllable:
    """One syllable (or ASCII word) and the characters of the source it came from."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=4096)  # snippets ask again for the same titles
def segments(text: str) -> tuple[tuple[Syllable, ...], ...]:
    """Split `text` (lower-cased by the caller) into segments of syllables."""
    return tuple(_syllables(m.group(), m.start()) for m in _SEGMENTS.finditer(text))


def _syllables(segment: str, offset: int) -> tuple[Syllable, ...]:
    result = []
    for piece in _PIECES.finditer(segment):
        start = offset + piece.start()
        if piece.group().isascii():
            result.append(Syllable(piece.group(), start, offset + piece.end()))
            continue
        readings = lazy_pinyin(piece.group())
        if len(readings) != len(piece.group()):  # a character without pinyin
            readings = [lazy_pinyin(ch)[0] for ch in piece.group()]
        for i, reading in enumerate(readings):
            if reading.isascii() and reading.isalpha():
                result.append(Syllable(reading, start + i, start + i + 1))
    return tuple(result)


def gram_spans(segment: tuple[Syllable, ...], kinds: set[str]) -> Iterator[tuple]:
    """Yield (kind, gram, start_char, end_char) for one segment."""
    n = len(segment)
    initials = "".join(s.text[0] for s in segment)
    for i in range(n):
        if FULL in kinds or PARTIAL in kinds:
            yield from _full_grams(segment, i, kinds)
        if INITIALS in kinds:
            stop = min(n, i + MAX_INITIALS)
            for j in [*range(i + 2, stop + 1), *([n] if stop < n else [])]:
                yield INITIALS, initials[i:j], segment[i].start, segment[j - 1].end
        if SKIP in kinds:
            for j in range(i + 4, min(n, i + MAX_SKIP_WINDOW) + 1):
                for k in range(i + 1, j - 1):
                    gram = initials[i:k] + initials[k + 1 : j]
                    yield SKIP, gram, segment[i].start, segment[j - 1].end


def _full_grams(
    segment: tuple[Syllable, ...], i: int, kinds: set[str]
) -> Iterator[tuple]:
    n, head = len(segment), ""
    stop = n if n - i <= MAX_FULL else i + MAX_FULL
    for j in [*range(i + 1, stop + 1), *([n] if stop < n else [])]:
        last = segment[j - 1]
        if j - 1 > i and j == n and stop < n:  # the rest of the segment
            head = "".join(s.text for s in segment[i : j - 1])
        if PARTIAL in kinds and j <= stop:
            for k in range(max(1, 3 - len(head)), len(last.text)):
                yield PARTIAL, head + last.text[:k], segment[i].start, last.end
        if FULL in kinds:
            yield FULL, head + last.text, segment[i].start, last.end
        head += last.text


def grams(text: str, kinds: set[str]) -> dict[str, list[str]]:
    """The index terms of `text` for each requested kind (FULL, INITIALS, SKIP)."""
    result: dict[str, dict[str, None]] = {kind: {} for kind in kinds}
    for segment in segments(text):
        for kind, gram, _, _ in gram_spans(segment, kinds):
            result[kind][gram] = None  # an ordered set: each term once per field
    return {kind: list(terms) for kind, terms in result.items()}


def match_spans(text: str, query_words: list[str]) -> list[tuple[int, int]]:
    """Character spans of `text` that the pinyin query words match (for <mark>).

    Mirrors the query: a full-pinyin word matches from a syllable start (its last
    syllable may be incomplete when it has 3+ letters), an initials word matches
    consecutive first letters, or (only where nothing matched exactly) first
    letters with one inner letter skipped.
    """
    spans = []
    for word in {w for w in query_words if w}:
        exact = [span for seg in segments(text) for span in _exact_spans(seg, word)]
        spans += exact or [
            (start, end)
            for seg in segments(text)
            for _, gram, start, end in gram_spans(seg, {SKIP})
            if gram == word
        ]
    return spans


def _exact_spans(segment: tuple[Syllable, ...], word: str) -> list[tuple[int, int]]:
    """Spans where `word` is full pinyin from a syllable start, or initials."""
    initials = "".join(s.text[0] for s in segment)
    spans = []
    for i in range(len(segment)):
        spans.extend(_full_span(segment, i, word))
        if len(word) >= 2 and initials.startswith(word, i):
            spans.append((segment[i].start, segment[i + len(word) - 1].end))
    return spans


def _full_span(
    segment: tuple[Syllable, ...], i: int, word: str
) -> list[tuple[int, int]]:
    joined = ""
    for j in range(i, len(segment)):
        joined += segment[j].text
        if len(joined) >= len(word):
            exact = joined == word
            if exact or (len(word) >= 3 and joined.startswith(word)):
                return [(segment[i].start, segment[j].end)]
            return []
        if not word.startswith(joined):
            return []
    return []
