"""What the receiver's 200 answer says (points-export.md): `accepted` and
`duplicates` ids are delivered, `rejected` ids held with their reason. An answer
that is not this shape counts as no answer (the batch is sent again)."""

from __future__ import annotations

import json


def parse(text: str) -> dict | None:
    """The answer's three lists (ids as strings), or None when garbled."""
    try:
        body = json.loads(text)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    lists = [body.get(k, []) for k in ("accepted", "duplicates", "rejected")]
    if not all(isinstance(v, list) for v in lists):
        return None
    accepted, duplicates, rejected = lists
    rejected = [r for r in rejected if isinstance(r, dict) and "id" in r]
    return {
        "accepted": [str(i) for i in accepted],
        "duplicates": [str(i) for i in duplicates],
        "rejected": rejected,
    }


def names_any(answer: dict, ids) -> bool:
    """Whether the answer says anything about one of `ids` (else it counts as none)."""
    named = {*answer["accepted"], *answer["duplicates"]}
    named.update(str(r["id"]) for r in answer["rejected"])
    return not named.isdisjoint(ids)
