"""A reason to come back: the daily goal (minutes of verified watching or listening a
day) and the weekly streak (weeks in a row with the goal met at least once). Only
accepted watching events count, as the server judged them: honest, not farmable."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.extensions import db
from lms.models import LessonProgress, Person, ProgressEvent

DAILY_GOAL_MINUTES = 10
STREAK_WEEKS_LOOKED_AT = 12


@dataclass(frozen=True)
class Goal:
    today_minutes: float
    goal_minutes: int
    week: list[bool]  # Monday..Sunday of this week: goal met that day
    streak_weeks: int  # weeks in a row (this one, or up to last week) with a goal day

    @property
    def is_met_today(self) -> bool:
        return self.today_minutes >= self.goal_minutes

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.today_minutes / self.goal_minutes))


def verified_minutes(person: Person, since: datetime, zone: ZoneInfo) -> dict:
    """Accepted watching per local day since `since`, in minutes."""
    query = (
        select(ProgressEvent.start_s, ProgressEvent.end_s, ProgressEvent.rate)
        .add_columns(ProgressEvent.client_at)
        .join(LessonProgress, LessonProgress.id == ProgressEvent.progress_id)
        .where(LessonProgress.person_id == person.id)
        .where(ProgressEvent.is_accepted.is_(True), ProgressEvent.client_at >= since)
    )
    minutes: dict[date, float] = defaultdict(float)
    for start, end, rate, at in db.session.execute(query):
        day = _aware(at).astimezone(zone).date()
        minutes[day] += (end - start) / rate / 60
    return minutes


def daily_goal(person: Person, now: datetime, zone: ZoneInfo) -> Goal:
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=STREAK_WEEKS_LOOKED_AT)
    since = datetime.combine(first, datetime.min.time(), zone)
    minutes = verified_minutes(person, since, zone)
    met = {day for day, m in minutes.items() if m >= DAILY_GOAL_MINUTES}
    week = [monday + timedelta(days=i) in met for i in range(7)]
    return Goal(
        today_minutes=round(minutes.get(today, 0.0), 1),
        goal_minutes=DAILY_GOAL_MINUTES,
        week=week,
        streak_weeks=_streak(met, monday, any(week)),
    )


def _streak(met: set[date], monday: date, this_week: bool) -> int:
    weeks = 1 if this_week else 0
    start = monday - timedelta(weeks=1)
    for _ in range(STREAK_WEEKS_LOOKED_AT):
        if not any(start + timedelta(days=i) in met for i in range(7)):
            break
        weeks += 1
        start -= timedelta(weeks=1)
    return weeks


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
