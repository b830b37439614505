"""What one attempt shows of one question: opaque ids, seeded orders, HTML.

A `View` is derived from (attempt seed, question) only, so presenting and grading
the same attempt always agree on ids and orders.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from quizzes.model import Question
from quizzes.text import UrlResolver, image_html, to_html, to_inline_html


def opaque_id(seed: int, question_id: str, kind: str, index: int) -> str:
    """An id that reveals nothing about `index` without knowing the seed."""
    digest = hashlib.sha256(f"{seed}\x1f{question_id}\x1f{kind}\x1f{index}".encode())
    return digest.hexdigest()[:12]


def seeded_rng(seed: int, *parts: str) -> random.Random:
    """A random generator fixed by the seed and a purpose (str seeds are stable)."""
    return random.Random("\x1f".join([str(seed), *parts]))


def permutation(
    rng: random.Random, size: int, pinned: frozenset[int] = frozenset()
) -> list[int]:
    """A random order of range(size) in which the `pinned` indices keep their place."""
    free = [i for i in range(size) if i not in pinned]
    shuffled = free[:]
    rng.shuffle(shuffled)
    moved = iter(shuffled)
    return [i if i in pinned else next(moved) for i in range(size)]


@dataclass(frozen=True)
class View:
    """Presentation context of one question in one attempt."""

    seed: int
    question: Question
    shuffle: bool = True
    resolve_url: UrlResolver = None

    def ids(self, kind: str, size: int) -> list[str]:
        """Opaque ids of the `size` elements of one kind, by original index."""
        return [opaque_id(self.seed, self.question.id, kind, i) for i in range(size)]

    def index_of(self, kind: str, size: int) -> dict[str, int]:
        return {oid: i for i, oid in enumerate(self.ids(kind, size))}

    def order(
        self, kind: str, size: int, pinned: frozenset[int] = frozenset(), force=False
    ) -> list[int]:
        """Display order of the elements: shuffled when the quiz shuffles or `force`.

        A forced order (ordering items, matching answers) never equals the
        original order when it has more than one element, which would leak it.
        """
        if not (self.shuffle or force) or size < 2:
            return list(range(size))
        rng = seeded_rng(self.seed, self.question.id, kind)
        order = permutation(rng, size, pinned)
        if force and order == sorted(order):
            order = order[1:] + order[:1]
        return order

    def html(self, text: str) -> str:
        return to_html(text, self.question.format, self.resolve_url)

    def inline(self, text: str, image: str = "") -> str:
        rendered = to_inline_html(text, self.question.format, self.resolve_url)
        picture = image_html(image, self.resolve_url)
        return f"{rendered}{picture}" if rendered and picture else rendered or picture
