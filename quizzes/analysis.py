"""Item analysis of graded attempts: facility, discrimination, option counts, CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

GROUP_SHARE = 0.27


@dataclass(frozen=True)
class AttemptRecord:
    """One graded attempt: per-question scores (0..1), total, chosen option keys."""

    scores: dict[str, float]
    total: float
    choices: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemStats:
    """Statistics of one question over the attempts that showed it."""

    question_id: str
    attempts: int
    facility: float  # mean score, 0..1
    discrimination: float  # upper group mean minus lower group mean, -1..1
    choices: dict[str, int]  # option key -> times chosen


def item_analysis(
    records: Sequence[AttemptRecord], question_ids: Sequence[str] | None = None
) -> list[ItemStats]:
    """Stats per question; question order as given, else by first appearance.

    Groups: attempts that showed the question, ranked by total score (stable, so
    ties keep input order); each group is round(27 % of them), at least 1.
    """
    if question_ids is None:
        question_ids = list(dict.fromkeys(q for r in records for q in r.scores))
    return [_item(records, qid) for qid in question_ids]


def _item(records: Sequence[AttemptRecord], qid: str) -> ItemStats:
    shown = [r for r in records if qid in r.scores]
    if not shown:
        return ItemStats(qid, 0, 0.0, 0.0, {})
    ranked = sorted(shown, key=lambda r: r.total, reverse=True)
    size = max(1, round(GROUP_SHARE * len(ranked)))
    upper = _mean([r.scores[qid] for r in ranked[:size]])
    lower = _mean([r.scores[qid] for r in ranked[-size:]])
    counts = Counter(key for r in shown for key in r.choices.get(qid, []))
    return ItemStats(
        question_id=qid,
        attempts=len(shown),
        facility=_mean([r.scores[qid] for r in shown]),
        discrimination=upper - lower,
        choices=dict(sorted(counts.items())),
    )


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


CSV_HEADER = [
    "question_id",
    "attempts",
    "facility",
    "discrimination",
    "choice",
    "count",
]


def stats_csv(stats: Sequence[ItemStats]) -> str:
    """One row per (question, choice); a question with no choices gets one row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for item in stats:
        head = [
            item.question_id,
            item.attempts,
            f"{item.facility:.4f}",
            f"{item.discrimination:.4f}",
        ]
        for key, count in item.choices.items() or [("", "")]:
            writer.writerow([*head, key, count])
    return out.getvalue()
