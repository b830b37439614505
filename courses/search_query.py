"""Turn what a user typed into Whoosh queries; the input is plain text, never syntax.

The query is NFKC-normalised, lower-cased and cut to `MAX_QUERY_CHARS`, then split
into runs: Latin runs (ASCII letters and digits, spaces allowed inside: "xin fei fu
su") and text runs (Han and other scripts). A Latin run searches the pinyin keys and
also the text fields (for words such as AED or 120); a text run searches the jieba
words of title, summary and body plus the title's character pairs. Title matches
weigh most, then summary, then body. `strict` needs every run to match (a Latin
run with its words joined: "xin fei fu su" is xinfeifusu); `loose`, used when strict
finds nothing, needs any one run or any one word of a Latin run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh.query import And, Or, Prefix, Query, Term

from courses.search_pinyin import MAX_INITIALS
from courses.search_text import char_grams, normalize, words

MAX_QUERY_CHARS = 100
MAX_WORDS = 12
PREFIX_MIN = 7
TITLE, SUMMARY, BODY, TITLE_CHARS = 8.0, 3.0, 1.0, 4.0
_RUNS = re.compile(r"(?P<latin>[a-z0-9]+(?:[\s'_-]+[a-z0-9]+)*)|(?P<text>[^\sa-z0-9]+)")
_LATIN_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class ParsedQuery:
    """Whoosh queries for one user query, and the words to highlight."""

    strict: Query
    loose: Query
    text_words: tuple[str, ...]
    pinyin_words: tuple[str, ...]


def parse(raw: str) -> ParsedQuery | None:
    """Parse `raw` user input; None when it holds nothing searchable."""
    text = normalize(raw[:MAX_QUERY_CHARS])
    strict, loose, text_words, pinyin_words = [], [], [], []
    for match in _RUNS.finditer(text):
        if match.group("latin"):
            run = _LATIN_WORD.findall(match.group("latin"))[:MAX_WORDS]
            joined = "".join(run)
            strict.append(_latin_word(joined))  # "xin fei fu su" is xinfeifusu
            loose.append(Or([_latin_word(w) for w in dict.fromkeys([*run, joined])]))
            pinyin_words.extend([*run, joined])
            text_words.extend(run)
        else:
            found = _text_run(match.group("text"))
            if found:
                strict.append(found[0])
                loose.append(found[1])
                text_words.extend(found[2])
    if not strict:
        return None
    return ParsedQuery(
        strict=_all(strict),
        loose=Or(loose) if len(loose) > 1 else loose[0],
        text_words=tuple(dict.fromkeys(text_words)),
        pinyin_words=tuple(dict.fromkeys(pinyin_words)),
    )


def _all(queries: list[Query]) -> Query:
    return And(queries) if len(queries) > 1 else queries[0]


def _latin_word(word: str) -> Query:
    """One Latin word: as pinyin of title or summary, or as a word in the text.

    Only term lookups, except a Prefix for words of 7+ letters (runs longer than
    the grams; few terms share such a prefix, so the expansion stays small).
    """
    options: list[Query] = [
        Term("title_py", word, boost=6.0),
        Term("summary_py", word, boost=2.0),
        *_text_word(word),
    ]
    if len(word) >= 2:
        options += [Term("title_ini", word, boost=5.0)]
        options += [Term("summary_ini", word, boost=1.5)]
    if len(word) >= 3:
        options += [Term("title_part", word, boost=3.0)]
        options += [Term("title_skip", word, boost=2.0)]
    if len(word) >= PREFIX_MIN:
        options += [Prefix("title_py", word, boost=2.0)]
    if len(word) > MAX_INITIALS:
        options += [Prefix("title_ini", word, boost=2.0)]
    return Or(options)


def _text_word(word: str) -> list[Query]:
    return [
        Term("title", word, boost=TITLE),
        Term("summary", word, boost=SUMMARY),
        Term("body", word, boost=BODY),
    ]


def _text_run(run: str) -> tuple[Query, Query, list[str]] | None:
    """(strict, loose, words) for a run of Han or other non-Latin text."""
    found = list(dict.fromkeys(w for w, _, _ in words(run, mode="default")))
    found = found[:MAX_WORDS]
    if not found:
        return None
    per_word = [Or(_text_word(w)) for w in found]
    chars = char_grams(run)
    pairs = [g for g in chars if len(g) == 2] or chars
    options = [_all(per_word)]
    if pairs:
        options.append(And([Term("title_chars", g) for g in pairs], boost=TITLE_CHARS))
    return Or(options), Or(per_word + options[1:]), found
