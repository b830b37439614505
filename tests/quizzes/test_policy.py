"""Attempt rules: attempt limit, cool-down, time limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizzes import Quiz, attempt_deadline, is_in_time, may_start_attempt

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
QUIZ = Quiz(
    title="t", questions=(), max_attempts=3, cooldown_minutes=30, time_limit_minutes=20
)


def test_first_attempt_may_start():
    assert may_start_attempt(QUIZ, [], NOW).allowed


def test_attempt_limit():
    previous = [NOW - timedelta(days=d) for d in (1, 2, 3)]
    decision = may_start_attempt(QUIZ, previous, NOW)
    assert not decision.allowed and "最多可作答 3 次" in decision.reason


def test_cool_down_counts_from_the_latest_attempt():
    previous = [NOW - timedelta(days=1), NOW - timedelta(minutes=10)]
    decision = may_start_attempt(QUIZ, previous, NOW)
    assert not decision.allowed
    assert decision.retry_at == NOW + timedelta(minutes=20)
    assert "20 分钟后再试" in decision.reason
    assert may_start_attempt(QUIZ, previous, NOW + timedelta(minutes=20)).allowed


def test_unlimited_quiz():
    quiz = Quiz(title="t", questions=())
    assert may_start_attempt(quiz, [NOW] * 50, NOW).allowed
    assert attempt_deadline(quiz, NOW) is None and is_in_time(
        quiz, NOW, NOW + timedelta(days=9)
    )


def test_time_limit_with_grace():
    assert attempt_deadline(QUIZ, NOW) == NOW + timedelta(minutes=20)
    assert is_in_time(QUIZ, NOW, NOW + timedelta(minutes=20, seconds=30))
    assert not is_in_time(QUIZ, NOW, NOW + timedelta(minutes=20, seconds=31))
