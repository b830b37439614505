"""Who is behind, for the dashboard's action card and the station masters: the basis
(an active campaign, the officer's chosen course, or no learning in 14 days), the
count per station worst first, and each behind member's lessons left and next lesson."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, case, false, func, or_, select

from lms.extensions import db
from lms.models import (
    Campaign,
    Course,
    CourseCompletion,
    Lesson,
    LessonProgress,
    MemberStat,
    Organisation,
    Person,
)
from lms.services.union import campaigns
from lms.services.union import reach as union_scope
from lms.services.union.dashboards import Context, members_query

IDLE_DAYS = 14
CAMPAIGN, COURSE, IDLE = "campaign", "course", "idle"


@dataclass
class Basis:
    """What "behind" means on this page: short of `courses` (a campaign's, by its
    deadline, or the chosen one), or no completed lesson since `since` (idle)."""

    kind: str
    courses: list[Course]
    campaign: Campaign | None = None
    since: datetime | None = None

    @property
    def deadline_at(self) -> datetime | None:
        return self.campaign.deadline_at if self.campaign else None

    def condition(self):
        """A condition on Person (joined as `Basis.joined` made it): behind."""
        if self.kind == IDLE:
            last = MemberStat.last_completed_at
            return or_(last.is_(None), last < self.since)
        if not self.courses:
            return false()
        # Uncorrelated NOT IN: one hash (PostgreSQL) or one temporary index (SQLite)
        # per course, instead of a lookup per person.
        return or_(*[Person.id.not_in(self._finished(c)) for c in self.courses])

    def _finished(self, course: Course) -> Select:
        """Who finished `course` (by the campaign's deadline, for a campaign)."""
        query = select(CourseCompletion.person_id).where(
            CourseCompletion.course_id == course.id
        )
        if self.deadline_at is not None:
            query = query.where(CourseCompletion.completed_at <= self.deadline_at)
        return query

    def joined(self, query: Select) -> Select:
        """`query` over people with what `condition` reads joined in."""
        if self.kind != IDLE:
            return query
        return query.outerjoin(MemberStat, MemberStat.person_id == Person.id)

    def scope(self, query: Select) -> Select:
        """`query` limited to the people the basis concerns (a campaign's targets)."""
        if self.campaign is None:
            return query
        return query.where(campaigns.target_clause(self.campaign))


def basis_for(ctx: Context, now: datetime, campaign_id: int | None = None) -> Basis:
    """The chosen campaign, else the chosen course, else the active campaign with the
    nearest deadline, else idleness."""
    if campaign_id is not None:
        campaign = campaigns.get_campaign(ctx.actor, campaign_id)
        return Basis(CAMPAIGN, campaign_courses(campaign), campaign)
    if ctx.filters.course_id is not None:
        return Basis(COURSE, list(ctx.courses))
    active = campaigns.active_campaigns(ctx.actor, now)
    if active:
        return Basis(CAMPAIGN, campaign_courses(active[0]), active[0])
    return Basis(IDLE, list(ctx.courses), since=now - timedelta(days=IDLE_DAYS))


def campaign_courses(campaign: Campaign) -> list[Course]:
    ids = [c.course_id for c in campaign.courses]
    found = {
        c.id: c for c in db.session.scalars(select(Course).where(Course.id.in_(ids)))
    }
    return [found[i] for i in ids if i in found]


@dataclass
class StationRow:
    """One organisation's members under the basis, and how many of them are behind."""

    org_id: int
    name: str
    members: int
    behind: int

    @property
    def share(self) -> float:
        return self.behind / self.members if self.members else 0.0


def by_station(ctx: Context, basis: Basis) -> list[StationRow]:
    """Members and members behind per organisation they belong to (their station),
    worst first: highest share behind, then most behind."""
    is_behind = case((basis.condition(), 1), else_=0)
    query = members_query(
        ctx, select(Person.organisation_id, func.count(), func.sum(is_behind))
    )
    query = basis.scope(basis.joined(query)).group_by(Person.organisation_id)
    counts = [r for r in db.session.execute(query).all() if r[0] is not None]
    names = dict(
        db.session.execute(
            select(Organisation.id, Organisation.name).where(
                Organisation.id.in_([r[0] for r in counts])
            )
        ).all()
    )
    rows = [StationRow(o, names.get(o, ""), n, int(b or 0)) for o, n, b in counts]
    return sorted(rows, key=lambda r: (-r.share, -r.behind, r.name))


@dataclass
class BehindMember:
    person: Person
    done: int
    total: int
    next_lesson: Lesson | None

    @property
    def left(self) -> int:
        return self.total - self.done


def station_members(ctx: Context, basis: Basis, org_id: int) -> list[BehindMember]:
    """The members behind in organisation `org_id` (within the selection and the
    actor's scope; NotFound outside it), fewest lessons left last."""
    org = union_scope.get_org(ctx.actor, org_id)
    query = members_query(ctx).where(Person.organisation_id == org.id)
    query = basis.scope(basis.joined(query)).where(basis.condition())
    people = list(db.session.scalars(query.order_by(Person.name, Person.id)))
    return with_next_lessons(people, basis.courses)


def with_next_lessons(
    people: list[Person], courses: list[Course]
) -> list[BehindMember]:
    """Each person's completed lessons among `courses` and the first one not done."""
    lessons = [lesson for c in courses for lesson in c.lessons]
    done: dict[int, set[int]] = {p.id: set() for p in people}
    if people and lessons:
        rows = db.session.execute(
            select(LessonProgress.person_id, LessonProgress.lesson_id).where(
                and_(
                    LessonProgress.person_id.in_(list(done)),
                    LessonProgress.lesson_id.in_([x.id for x in lessons]),
                    LessonProgress.completed_at.is_not(None),
                )
            )
        )
        for person_id, lesson_id in rows:
            done[person_id].add(lesson_id)
    return [
        BehindMember(
            p,
            len(done[p.id]),
            len(lessons),
            next((x for x in lessons if x.id not in done[p.id]), None),
        )
        for p in people
    ]
