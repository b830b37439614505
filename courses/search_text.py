"""Chinese text analysis for the search index: a jieba tokenizer for Whoosh.

jieba is imported and its dictionary loaded once per process, on first use or by
`warm_up()` (the app calls it at start-up; run gunicorn with `--preload` so workers
share the loaded dictionary). We never import `jieba.analyse`: it costs another
~0.5 s and ~100 MB in every process that opens the index (see FIELD-NOTES.md).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from html.parser import HTMLParser

from whoosh.analysis import Token, Tokenizer

_jieba = None
_jieba_lock = threading.Lock()
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff41-\uff5a]")  # after lower()
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def jieba_module():
    """Return the `jieba` module with its dictionary loaded (once per process)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                with warnings.catch_warnings():
                    # jieba 0.42 imports pkg_resources, which newer setuptools
                    # deprecate loudly; the warning is about jieba, not us.
                    warnings.filterwarnings(
                        "ignore", message=".*pkg_resources.*", category=UserWarning
                    )
                    warnings.filterwarnings(
                        "ignore", category=DeprecationWarning, module="jieba"
                    )
                    import jieba
                jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter
                jieba.initialize()
                _jieba = jieba
    return _jieba


def normalize(text: str) -> str:
    """NFKC-normalise (full-width letters and digits become ASCII) and lower-case."""
    return unicodedata.normalize("NFKC", text).lower()


def fold(text: str) -> str:
    """Lower-case, full-width letters and digits made ASCII; keeps every offset.

    Cheaper than NFKC on guide text, which is full of full-width punctuation.
    """
    text = text.lower()
    return text.translate(_FULLWIDTH) if _FULLWIDTH_ALNUM.search(text) else text


def is_word(text: str) -> bool:
    """True when `text` holds at least one letter, digit or Han character."""
    return any(ch.isalnum() for ch in text)


def words(text: str, mode: str = "search") -> list[tuple[str, int, int]]:
    """Split `text` with jieba into (word, start, end), words only.

    Words are folded (see `fold`); offsets point into `text`. The index uses
    search mode, which yields the long words and also their shorter dictionary
    parts (共和国 and 共和), so a query for a part finds the whole; queries use
    "default" mode, whose whole words the index also holds. Tokens without a
    letter, digit or Han character (punctuation, spaces, emoji) are dropped.
    """
    if not text:
        return []
    tokens = jieba_module().tokenize(fold(text), mode=mode)
    return [(w, s, e) for w, s, e in tokens if is_word(w)]


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer over `jieba.tokenize(mode="search")`, lower-cased."""

    def __eq__(self, other):
        return self.__class__ is other.__class__

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pieces = words(value) if tokenize else [(fold(value), 0, len(value))]
        for pos, (text, start, end) in enumerate(pieces):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def char_grams(text: str) -> list[str]:
    """Single characters and character pairs of each run of non-ASCII word
    characters: lets a one-character query (火) find a title word (火灾)."""
    grams: list[str] = []
    for run in _runs(normalize(text)):
        grams.extend(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def _runs(text: str) -> list[str]:
    runs, current = [], []
    for ch in text:
        if ch.isalnum() and not ch.isascii():
            current.append(ch)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def markdown_to_text(markdown_text: str) -> str:
    """Plain text of a lesson guide written in Markdown, for `SearchDoc.body`.

    Renders with `courses.render.render_markdown` (the one Markdown policy) and
    keeps the text nodes plus image alt text; block elements become line breaks.
    """
    from courses.render import render_markdown

    parser = _TextExtractor()
    parser.feed(render_markdown(markdown_text))
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


class _TextExtractor(HTMLParser):
    _BLOCKS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "tr", "br", "div", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.parts.append(" " + (dict(attrs).get("alt") or "") + " ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._BLOCKS or tag in {"td", "th"}:
            self.parts.append("\n" if tag in self._BLOCKS else " ")

    def handle_data(self, data):
        self.parts.append(data)
