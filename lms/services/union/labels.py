"""Short, distinct chart labels from long organisation or course names: what the
names share at the start and the end is dropped ("天河区新就业形态劳动者工会3" among
its siblings becomes "工会3"); the full name stays in the tooltip and the table."""

from __future__ import annotations

import os

MAX = 8  # characters a label keeps
KEEP = 2  # characters of the shared prefix kept before a bare number


def short_labels(names: list[str]) -> list[str]:
    """One label per name, at most MAX characters, distinct where the names are."""
    if len(names) < 2:
        return [_cut(n) for n in names]
    prefix = os.path.commonprefix(names)
    suffix = os.path.commonprefix([n[::-1] for n in names])[::-1]
    labels = []
    for name in names:
        core = name[len(prefix) : len(name) - len(suffix) or None]
        if len(prefix) + len(suffix) >= len(name):
            core = name
        elif core.isdigit() or len(core) < 2:
            core = prefix[-KEEP:] + core
        labels.append(_cut(core))
    return _distinct(labels)


def _cut(text: str) -> str:
    return text if len(text) <= MAX else text[: MAX - 1] + "…"


def _distinct(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label}·{seen[label]}")
    return out
