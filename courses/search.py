"""The search index of courses and lessons: Whoosh files in a directory of our own.

Public API: `warm_up()`, `open_or_create(index_dir)`, `SearchIndex` (rebuild, upsert,
delete, search, doc_count), `SearchDoc` in, `SearchHit` out. Chinese goes through
jieba (`search_text`), pinyin keys make Latin-letter queries find Chinese titles
(`search_pinyin`), queries are built from plain text (`search_query`), snippets are
escaped HTML with <mark> (`search_snippet`).

Several processes may share one index directory: writers take Whoosh's file lock and
wait up to `write_timeout` seconds for it (then `SearchIndexBusy`); a reader checks
the index generation before every search and reopens when another process committed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.util.filelock import try_for
from whoosh.writing import CLEAR

from courses.search_pinyin import segments
from courses.search_query import parse
from courses.search_schema import SCHEMA, WEIGHTING, SearchDoc, doc_fields, doc_key
from courses.search_snippet import snippet_html
from courses.search_text import jieba_module, markdown_to_text

__all__ = [
    "SearchDoc",
    "SearchHit",
    "SearchIndex",
    "SearchIndexBusy",
    "markdown_to_text",
    "open_or_create",
    "warm_up",
]

WRITE_TIMEOUT = 10.0  # seconds a writer waits for another process's lock


class SearchIndexBusy(RuntimeError):
    """Another process held the index's write lock for longer than the timeout."""


@dataclass(frozen=True)
class SearchHit:
    """One result, best first; `snippet_html` is safe to insert into a page."""

    kind: str
    id: str
    course_id: str | None
    title: str
    snippet_html: str
    score: float


def warm_up() -> None:
    """Load jieba's dictionary and pypinyin's tables now (call once at start-up)."""
    jieba_module()
    segments("预热")


def open_or_create(index_dir: str | os.PathLike, *, write_timeout=WRITE_TIMEOUT):
    """Open the index in `index_dir`, creating it (empty) when missing or when it
    was built with another schema; check `doc_count()` and rebuild if it is 0."""
    os.makedirs(index_dir, exist_ok=True)
    storage = FileStorage(os.fspath(index_dir))
    lock = storage.lock("CREATELOCK")  # two processes must not both create
    if not try_for(lambda: lock.acquire(blocking=False), timeout=write_timeout):
        raise SearchIndexBusy(f"could not create the search index in {index_dir}")
    try:
        if whoosh_index.exists_in(os.fspath(index_dir)):
            ix = storage.open_index()
            if ix.schema.names() == SCHEMA.names():
                return SearchIndex(ix, write_timeout)
            ix.close()
        return SearchIndex(storage.create_index(SCHEMA), write_timeout)
    finally:
        lock.release()


class SearchIndex:
    """An open index. Thread-safe; one instance per process is enough."""

    def __init__(self, ix, write_timeout: float = WRITE_TIMEOUT) -> None:
        self._ix = ix
        self._write_timeout = write_timeout
        self._lock = threading.Lock()
        self._searcher = None

    def rebuild(self, docs: Iterable[SearchDoc]) -> int:
        """Replace the whole content with `docs` in one commit; returns the count."""
        return self._write(docs, (), replace_all=True)

    def upsert(self, docs: Iterable[SearchDoc]) -> int:
        """Add `docs` or replace the documents with the same kind and id."""
        return self._write(docs, (), replace_all=False)

    def delete(self, ids: Iterable[str], kind: str | None = None) -> None:
        """Remove the documents with these ids (of `kind` only, when given)."""
        keys = [("id", i) if kind is None else ("key", doc_key(kind, i)) for i in ids]
        self._write((), keys, replace_all=False)

    def doc_count(self) -> int:
        with self._lock:
            return self._current_searcher().doc_count()

    def search(self, q: str, limit: int = 20) -> list[SearchHit]:
        """Best `limit` hits for the plain-text query `q` ([] when it is blank)."""
        parsed = parse(q or "")
        if parsed is None or limit <= 0:
            return []
        with self._lock:
            searcher = self._current_searcher()
            results = searcher.search(parsed.strict, limit=limit)
            if results.is_empty():
                results = searcher.search(parsed.loose, limit=limit)
            return [self._hit(hit, parsed) for hit in results]

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix.close()

    def _hit(self, hit, parsed) -> SearchHit:
        fields = hit.fields()
        snippet = snippet_html(
            fields["title"],
            fields.get("summary", ""),
            fields.get("body", ""),
            parsed.text_words,
            parsed.pinyin_words,
        )
        return SearchHit(
            kind=fields["kind"],
            id=fields["id"],
            course_id=fields.get("course_id"),
            title=fields["title"],
            snippet_html=snippet,
            score=float(hit.score),
        )

    def _current_searcher(self):
        """The searcher of the latest committed generation (caller holds _lock)."""
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=WEIGHTING)
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
        return self._searcher

    def _write(self, docs, delete_terms, *, replace_all: bool) -> int:
        try:
            writer = self._ix.writer(timeout=self._write_timeout)
        except LockError as exc:
            raise SearchIndexBusy("the search index is locked by a writer") from exc
        try:
            for field, value in delete_terms:
                writer.delete_by_term(field, value)
            latest = {doc.key: doc for doc in docs}  # the last copy of a doc wins
            add = writer.add_document if replace_all else writer.update_document
            for doc in latest.values():
                add(**doc_fields(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=CLEAR) if replace_all else writer.commit()
        return len(latest)
