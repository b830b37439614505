"""Assignment campaigns: courses required of chosen organisations or platforms by a
deadline, and their progress, always counted over the actor's own members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, exists, func, or_, select, true

from lms.extensions import db
from lms.models import (
    Campaign,
    CampaignCourse,
    CampaignTarget,
    Course,
    CourseCompletion,
    CourseStatus,
    Lesson,
    LessonProgress,
    Organisation,
    Person,
    PersonRole,
    Role,
)
from lms.services.errors import Invalid, NotFound
from lms.services.union import reach as union_scope
from lms.services.union.platforms import is_platform
from lms.services.union.scope import people_in_scope, visible_org_ids


def create_campaign(
    actor: Person,
    title: str,
    course_ids: list[int],
    org_ids: list[int],
    platforms: list[str],
    starts_at: datetime,
    deadline_at: datetime,
) -> Campaign:
    """A campaign owned by the actor's organisation (the city, for an administrator)."""
    title = _checked_title(title, course_ids, starts_at, deadline_at)
    courses = _published(course_ids)
    orgs = [union_scope.get_org(actor, org_id) for org_id in org_ids]
    if any(not is_platform(p) for p in platforms):
        raise NotFound()
    owner = None if visible_org_ids(actor) is None else actor.organisation_id
    campaign = Campaign(title=title, owner_org_id=owner, created_by_id=actor.id)
    campaign.starts_at, campaign.deadline_at = starts_at, deadline_at
    campaign.courses = [CampaignCourse(course_id=c.id) for c in courses]
    campaign.targets = _targets(orgs, platforms)
    db.session.add(campaign)
    db.session.flush()
    return campaign


def _checked_title(title, course_ids, starts_at, deadline_at) -> str:
    title = title.strip()
    if not title or not course_ids or deadline_at <= starts_at:
        raise Invalid(
            _l("Give a title, at least one course and a deadline after the start.")
        )
    return title


def _published(course_ids: list[int]) -> list[Course]:
    """The published courses `course_ids`, in the given order; NotFound if any is not."""
    query = select(Course).where(
        Course.id.in_(course_ids), Course.status == CourseStatus.PUBLISHED
    )
    found = {c.id: c for c in db.session.scalars(query)}
    if len(found) != len(set(course_ids)):
        raise NotFound()
    return [found[i] for i in dict.fromkeys(course_ids)]


def _targets(orgs: list[Organisation], platforms: list[str]) -> list[CampaignTarget]:
    """Every (organisation, platform) pair; none chosen means any."""
    return [
        CampaignTarget(organisation_id=o.id if o else None, platform=p)
        for o in (orgs or [None])
        for p in (platforms or [None])
    ]


def visible_campaigns(actor: Person) -> Select:
    """Campaigns of the actor's subtree, and those from above it (the city's, their
    district's): an officer follows every campaign their members take part in."""
    query = select(Campaign).order_by(Campaign.deadline_at.desc(), Campaign.id.desc())
    orgs = visible_org_ids(actor)
    if orgs is None:
        return query
    above = [int(x) for x in actor.organisation.path.strip("/").split("/") if x]
    return query.where(
        or_(
            Campaign.owner_org_id.is_(None),
            Campaign.owner_org_id.in_(orgs),
            Campaign.owner_org_id.in_(above),
        )
    )


def get_campaign(actor: Person, campaign_id: int) -> Campaign:
    campaign = db.session.scalar(
        visible_campaigns(actor).where(Campaign.id == campaign_id)
    )
    if campaign is None:
        raise NotFound()
    return campaign


def target_clause(campaign: Campaign):
    """A condition on Person: the person is in one of the campaign's targets."""
    matches = []
    for target in campaign.targets:
        parts = []
        if target.organisation_id is not None:
            org = db.session.get(Organisation, target.organisation_id)
            subtree = select(Organisation.id).where(
                Organisation.path.startswith(org.path)
            )
            parts.append(Person.organisation_id.in_(subtree))
        if target.platform is not None:
            parts.append(Person.platform == target.platform)
        matches.append(and_(*parts) if parts else true())
    return or_(*matches)


def participants(actor: Person, campaign: Campaign) -> Select:
    """The workers, among those `actor` may see, whom the campaign concerns."""
    worker = exists().where(
        PersonRole.person_id == Person.id, PersonRole.role == Role.WORKER
    )
    query = people_in_scope(actor, select(Person)).where(
        worker, target_clause(campaign)
    )
    return (
        query
        if actor.has_role(Role.ADMIN)
        else query.where(Person.organisation_id.is_not(None))
    )


def active_campaigns(actor: Person, now: datetime) -> list[Campaign]:
    """The campaigns the actor follows that run now, nearest deadline first."""
    query = visible_campaigns(actor).where(
        Campaign.starts_at <= now, Campaign.deadline_at > now
    )
    query = query.order_by(None).order_by(Campaign.deadline_at, Campaign.id)
    return list(db.session.scalars(query))


@dataclass
class WorkerCampaign:
    """An active campaign as its worker sees it: lessons done of the total."""

    campaign: Campaign
    done: int
    total: int
    next_lesson: Lesson | None = None  # filled by the caller that needs a link

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0


def for_worker(person: Person, now: datetime) -> list[WorkerCampaign]:
    """The running campaigns that concern `person` (owned by the city or by an
    organisation above them), nearest deadline first, with their progress."""
    path = person.organisation.path if person.organisation is not None else ""
    above = [int(x) for x in path.strip("/").split("/") if x]
    query = select(Campaign).where(
        Campaign.starts_at <= now,
        Campaign.deadline_at > now,
        or_(Campaign.owner_org_id.is_(None), Campaign.owner_org_id.in_(above)),
    )
    found = db.session.scalars(query.order_by(Campaign.deadline_at, Campaign.id))
    return [_progress_of(c, person) for c in found if concerns(c, person)]


def _progress_of(campaign: Campaign, person: Person) -> WorkerCampaign:
    ids = [c.course_id for c in campaign.courses]
    total = db.session.scalar(
        select(func.count(Lesson.id)).where(Lesson.course_id.in_(ids))
    )
    done = db.session.scalar(
        select(func.count())
        .select_from(LessonProgress)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(
            LessonProgress.person_id == person.id,
            LessonProgress.completed_at.is_not(None),
            Lesson.course_id.in_(ids),
        )
    )
    return WorkerCampaign(campaign, done or 0, total or 0)


def concerns(campaign: Campaign, person: Person) -> bool:
    """Whether `person` is in one of the campaign's targets."""
    query = select(Person.id).where(Person.id == person.id, target_clause(campaign))
    return db.session.scalar(query) is not None


def with_done(query: Select, campaign: Campaign) -> tuple[Select, object]:
    """`query` over people joined to how many of the campaign's courses each finished
    by the deadline (one grouped subquery, not a lookup per person), and that count."""
    ids = [c.course_id for c in campaign.courses]
    done = (
        select(CourseCompletion.person_id, func.count().label("n"))
        .where(
            CourseCompletion.course_id.in_(ids),
            CourseCompletion.completed_at <= campaign.deadline_at,
        )
        .group_by(CourseCompletion.person_id)
    ).subquery()
    joined = query.outerjoin(done, done.c.person_id == Person.id)
    return joined, func.coalesce(done.c.n, 0)


def unfinished(actor: Person, campaign: Campaign) -> Select:
    query, done = with_done(participants(actor, campaign), campaign)
    return query.where(done < len(campaign.courses))


@dataclass
class Progress:
    participants: int
    finished: int
    by_org: list[tuple[str, int, int]]

    @property
    def rate(self) -> float:
        return self.finished / self.participants if self.participants else 0.0


def progress(actor: Person, campaign: Campaign) -> Progress:
    query, done = with_done(participants(actor, campaign), campaign)
    is_done = case((done >= len(campaign.courses), 1), else_=0)
    rows = query.with_only_columns(
        Person.organisation_id, func.count(), func.sum(is_done)
    ).group_by(Person.organisation_id)
    per_org = db.session.execute(rows).all()
    names = dict(
        db.session.execute(
            select(Organisation.id, Organisation.name).where(
                Organisation.id.in_([r[0] for r in per_org if r[0] is not None])
            )
        ).all()
    )
    by_org = sorted(  # worst first: the lowest share finished leads
        ((names.get(o, "—"), n, int(d or 0)) for o, n, d in per_org),
        key=lambda r: (r[2] / r[1] if r[1] else 0.0, r[0]),
    )
    total = sum(r[1] for r in by_org)
    return Progress(total, sum(r[2] for r in by_org), by_org)
