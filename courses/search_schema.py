"""The Whoosh schema of the search index and how a document fills its fields.

Text fields (title, summary, body) go through the jieba tokenizer. Pinyin and
character keys are precomputed terms in KEYWORD fields (see `search_pinyin`).
Scoring ignores field lengths (a long title has many keys, not a worse fit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from whoosh import fields, scoring

from courses.search_pinyin import FULL, INITIALS, PARTIAL, SKIP, grams
from courses.search_text import JiebaTokenizer, char_grams, fold

Kind = Literal["course", "lesson"]
KINDS = ("course", "lesson")


@dataclass(frozen=True)
class SearchDoc:
    """One searchable course or lesson. `body` is plain text (guide and captions;
    use `courses.search_text.markdown_to_text` for a Markdown guide)."""

    kind: Kind
    id: str
    course_id: str | None
    title: str
    summary: str = ""
    body: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if not self.id:
            raise ValueError("id must not be empty")

    @property
    def key(self) -> str:
        """Unique in the index: a course and a lesson may share an id."""
        return doc_key(self.kind, self.id)


def doc_key(kind: str, doc_id: str) -> str:
    return f"{kind}:{doc_id}"


_KEYS = {"scorable": True, "lowercase": False, "commas": False}
_TEXT = {"analyzer": JiebaTokenizer(), "phrase": False, "stored": True}
PINYIN_FIELDS = (
    "title_py",
    "title_part",
    "title_ini",
    "title_skip",
    "summary_py",
    "summary_ini",
)

SCHEMA = fields.Schema(
    key=fields.ID(unique=True, stored=True),
    kind=fields.ID(stored=True),
    id=fields.ID(stored=True),
    course_id=fields.ID(stored=True),
    title=fields.TEXT(**_TEXT),
    summary=fields.TEXT(**_TEXT),
    body=fields.TEXT(**_TEXT),
    title_chars=fields.KEYWORD(**_KEYS),
    **{name: fields.KEYWORD(**_KEYS) for name in PINYIN_FIELDS},
)


class SaturatedTf(scoring.WeightingModel):
    """BM25 without length normalisation: idf * tf * (k1 + 1) / (tf + k1).

    Field boosts in the query, not lengths, decide that a title beats a body; and
    skipping the per-document length lookup makes scoring about a third cheaper.
    """

    K1 = 1.2

    def scorer(self, searcher, fieldname, text, qf=1):
        idf = searcher.get_parent().idf(fieldname, text)
        return _SaturatedScorer(idf, searcher.term_info(fieldname, text).max_weight())


class _SaturatedScorer(scoring.BaseScorer):
    def __init__(self, idf: float, max_weight: float) -> None:
        self.idf = idf
        self._max_quality = self._score(max_weight)

    def supports_block_quality(self):
        # Whoosh 2.7's quality skipping can loop forever in unions (seen here);
        # our postings are a block or two per term, so it would save little.
        return False

    def max_quality(self):
        return self._max_quality

    def score(self, matcher):
        return self._score(matcher.weight())

    def _score(self, weight: float) -> float:
        k1 = SaturatedTf.K1
        return self.idf * weight * (k1 + 1) / (weight + k1)


WEIGHTING = SaturatedTf()


def doc_fields(doc: SearchDoc) -> dict[str, str]:
    """The field values Whoosh indexes for `doc`."""
    title, summary = fold(doc.title), fold(doc.summary)
    title_keys = grams(title, {FULL, PARTIAL, INITIALS, SKIP})
    summary_keys = grams(summary, {FULL, INITIALS})
    values = {
        "key": doc.key,
        "kind": doc.kind,
        "id": doc.id,
        "title": doc.title,
        "summary": doc.summary,
        "body": doc.body,
        "title_chars": " ".join(dict.fromkeys(char_grams(doc.title))),
        "title_py": " ".join(title_keys[FULL]),
        "title_part": " ".join(title_keys[PARTIAL]),
        "title_ini": " ".join(title_keys[INITIALS]),
        "title_skip": " ".join(title_keys[SKIP]),
        "summary_py": " ".join(summary_keys[FULL]),
        "summary_ini": " ".join(summary_keys[INITIALS]),
    }
    if doc.course_id is not None:
        values["course_id"] = doc.course_id
    return values
