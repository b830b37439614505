"""Watched-interval arithmetic (pure): the union of intervals, clamped to the video."""

from __future__ import annotations

Interval = tuple[float, float]


def merge(intervals: list[Interval], new: Interval, gap: float = 0.5) -> list[Interval]:
    """The sorted union of `intervals` and `new`; pieces closer than `gap` join."""
    merged: list[list[float]] = []
    for start, end in sorted([*map(tuple, intervals), tuple(new)]):
        if merged and start <= merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(round(a, 2), round(b, 2)) for a, b in merged]


def clamp(interval: Interval, duration: float) -> Interval | None:
    start, end = max(0.0, interval[0]), min(duration, interval[1])
    return (start, end) if end > start else None


def covered(intervals: list[Interval]) -> float:
    return round(sum(end - start for start, end in intervals), 2)


def overlaps(windows: list[Interval], window: Interval, tolerance: float) -> bool:
    """Whether `window` overlaps any of `windows` by more than `tolerance` seconds."""
    start, end = window
    return any(min(end, b) - max(start, a) > tolerance for a, b in windows)
