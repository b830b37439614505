"""Attempt rules: may a new attempt start, and when does a started one expire."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quizzes.model import Quiz


@dataclass(frozen=True)
class AttemptDecision:
    """Whether an attempt may start; if not, why (Chinese) and when it may."""

    allowed: bool
    reason: str = ""
    retry_at: datetime | None = None


def may_start_attempt(
    quiz: Quiz, previous_at: Sequence[datetime], now: datetime
) -> AttemptDecision:
    """Apply the attempt limit and the cool-down to the previous attempts' times.

    `previous_at` holds one time per earlier attempt (the web layer passes when each
    was started); times must be comparable with `now` (all aware, UTC advised).
    """
    if quiz.max_attempts and len(previous_at) >= quiz.max_attempts:
        return AttemptDecision(
            False, f"本测验最多可作答 {quiz.max_attempts} 次，次数已用完"
        )
    if quiz.cooldown_minutes and previous_at:
        retry_at = max(previous_at) + timedelta(minutes=quiz.cooldown_minutes)
        if now < retry_at:
            wait = math.ceil((retry_at - now).total_seconds() / 60)
            reason = f"两次作答之间需间隔 {quiz.cooldown_minutes:g} 分钟，请 {wait} 分钟后再试"
            return AttemptDecision(False, reason, retry_at)
    return AttemptDecision(True)


def attempt_deadline(quiz: Quiz, started_at: datetime) -> datetime | None:
    """When an attempt started at `started_at` must be submitted (None: no limit)."""
    if not quiz.time_limit_minutes:
        return None
    return started_at + timedelta(minutes=quiz.time_limit_minutes)


def is_in_time(
    quiz: Quiz, started_at: datetime, submitted_at: datetime, grace_seconds: float = 30
) -> bool:
    """Whether a submission meets the time limit, allowing network `grace_seconds`."""
    deadline = attempt_deadline(quiz, started_at)
    return deadline is None or submitted_at <= deadline + timedelta(
        seconds=grace_seconds
    )
