"""Union dashboards: completion rate and credit hours by organisation, station,
platform, course and month, summed from the counters (`union_counters`), always
within the actor's scope (`union_scope`, built on the one scoping rule)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy import Select, exists, func, select

from lms.extensions import db
from lms.models import (
    Course,
    CourseStatus,
    Lesson,
    Organisation,
    OrgKind,
    Person,
    PersonRole,
    Role,
    UnionCount,
)
from lms.services.errors import NotFound
from lms.services.union import reach as union_scope
from lms.services.union.platforms import is_platform, platform_name
from lms.services.union.scope import people_in_scope


@dataclass(frozen=True)
class Filters:
    """What the officer asked for; every field optional (None: no restriction)."""

    org_id: int | None = None
    platform: str | None = None
    course_id: int | None = None
    month_from: date | None = None
    month_to: date | None = None


@dataclass
class Context:
    """Filters checked against the actor's scope: the selected organisation exists
    and is theirs, the course and platform exist."""

    actor: Person
    org: Organisation
    org_ids: Select
    filters: Filters
    courses: list[Course] = field(default_factory=list)

    @cached_property
    def cube(self) -> Cube:
        """The counters by (organisation, platform) and by (course, month), and the
        member counts: three small queries per page, from which every table is
        summed in Python."""
        uc = UnionCount
        return Cube(
            counts(self, uc.organisation_id, uc.platform),
            counts(self, uc.course_id, uc.month),
            member_counts(self, Person.organisation_id, Person.platform),
        )

    @cached_property
    def lesson_total(self) -> int:
        ids = [c.id for c in self.courses]
        query = select(func.count(Lesson.id)).where(Lesson.course_id.in_(ids))
        return db.session.scalar(query) or 0


@dataclass
class Cube:
    counts: list  # (organisation id, platform, lessons, courses, hours)
    by_course_month: list  # (course id, month, lessons, courses, hours)
    members: list  # (organisation id, platform, members)


def resolve(actor: Person, filters: Filters) -> Context:
    """Check the filters; NotFound for an organisation outside scope or an unknown
    course or platform (the same answer whether it exists elsewhere or not at all)."""
    org_id = filters.org_id
    if org_id is None:
        home = union_scope.home_org(actor)
        org_id = home.id if home else None
    org = union_scope.get_org(actor, org_id)
    if filters.platform is not None and not is_platform(filters.platform):
        raise NotFound()
    courses = published_courses()
    if filters.course_id is not None:
        courses = [c for c in courses if c.id == filters.course_id]
        if not courses:
            raise NotFound()
    return Context(actor, org, union_scope.subtree_ids(actor, org), filters, courses)


def published_courses() -> list[Course]:
    query = select(Course).where(Course.status == CourseStatus.PUBLISHED)
    return list(db.session.scalars(query.order_by(Course.code)))


def counts(ctx: Context, *group) -> list:
    """Summed counters grouped by `group` columns of UnionCount, under the filters."""
    f, uc = ctx.filters, UnionCount
    query = select(
        *group,
        func.sum(uc.lessons_done),
        func.sum(uc.courses_done),
        func.sum(uc.credit_hours),
    ).where(uc.organisation_id.in_(ctx.org_ids))
    if f.platform is not None:
        query = query.where(uc.platform == f.platform)
    if f.course_id is not None:
        query = query.where(uc.course_id == f.course_id)
    if f.month_from is not None:
        query = query.where(uc.month >= f.month_from)
    if f.month_to is not None:
        query = query.where(uc.month <= f.month_to)
    return db.session.execute(query.group_by(*group)).all()


def members_query(ctx: Context, query: Select | None = None) -> Select:
    """Workers under the selected organisation (and platform), in scope."""
    query = people_in_scope(ctx.actor, query if query is not None else select(Person))
    worker = exists().where(
        PersonRole.person_id == Person.id, PersonRole.role == Role.WORKER
    )
    query = query.where(Person.organisation_id.in_(ctx.org_ids), worker)
    if ctx.filters.platform is not None:
        query = query.where(Person.platform == ctx.filters.platform)
    return query


def member_counts(ctx: Context, *group) -> list:
    query = members_query(ctx, select(*group, func.count()))
    return db.session.execute(query.group_by(*group)).all()


@dataclass
class Row:
    """One line of a dashboard table (and of its export)."""

    key: object
    label: str
    members: int = 0
    lessons_done: int = 0
    courses_done: int = 0
    credit_hours: float = 0.0
    course_count: int = 1
    done_to_date: int | None = None  # months: courses done up to the month's end

    @property
    def rate(self) -> float:
        """Share of (member, course) pairs completed, 0..1 (for a month: by its end)."""
        possible = self.members * self.course_count
        done = self.courses_done if self.done_to_date is None else self.done_to_date
        return min(done / possible, 1.0) if possible else 0.0

    def add(self, lessons, courses, hours) -> None:
        self.lessons_done += int(lessons or 0)
        self.courses_done += int(courses or 0)
        self.credit_hours += float(hours or 0)


def summary(ctx: Context) -> Row:
    row = Row(ctx.org.id, ctx.org.name, course_count=len(ctx.courses))
    for _org, _platform, *sums in ctx.cube.counts:
        row.add(*sums)
    row.members = sum(n for _org, _platform, n in ctx.cube.members)
    return row


def by_platform(ctx: Context) -> list[Row]:
    rows: dict[str, Row] = {}
    n = len(ctx.courses)

    def row(code: str) -> Row:
        if code not in rows:
            rows[code] = Row(code, platform_name(code), course_count=n)
        return rows[code]

    for _org, code, count in ctx.cube.members:
        row(code or "").members += count
    for _org, code, *sums in ctx.cube.counts:
        row(code).add(*sums)
    return sorted(rows.values(), key=lambda r: -r.members)


def by_course(ctx: Context) -> list[Row]:
    members = sum(n for _org, _platform, n in ctx.cube.members)
    rows = {c.id: Row(c.id, c.title, members=members) for c in ctx.courses}
    for course_id, _month, *sums in ctx.cube.by_course_month:
        if course_id in rows:
            rows[course_id].add(*sums)
    return list(rows.values())


def trend(ctx: Context) -> list[Row]:
    """Completions per local month, oldest first; each month's rate is the share
    completed by its end, over today's members."""
    members = sum(n for _org, _platform, n in ctx.cube.members)
    by_month: dict[str, Row] = {}
    for _course, month, *sums in ctx.cube.by_course_month:
        label = str(month)[:7]
        if label not in by_month:
            by_month[label] = Row(month, label, members, course_count=len(ctx.courses))
        by_month[label].add(*sums)
    rows = sorted(by_month.values(), key=lambda r: r.label)
    running = 0
    for row in rows:
        running += row.courses_done
        row.done_to_date = running
    return rows


def worst_first(rows: list[Row]) -> list[Row]:
    """Lowest completion rate first; ties by name, digits in order (工会2 < 工会10)."""
    return sorted(rows, key=lambda r: (r.rate, natural_key(r.label)))


def natural_key(text: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def by_org(ctx: Context, level: str = "children") -> list[Row]:
    """Rows per child organisation of the selection ("children"), or per station under
    it ("stations"); each sums the members and counters of its whole subtree."""
    orgs = db.session.execute(
        select(
            Organisation.id,
            Organisation.path,
            Organisation.name,
            Organisation.kind,
            Organisation.parent_id,
        )
        .where(Organisation.id.in_(ctx.org_ids))
        .order_by(Organisation.name)
    ).all()
    if level == "stations":
        targets = [o for o in orgs if o.kind == OrgKind.STATION]
    else:
        targets = [o for o in orgs if o.parent_id == ctx.org.id]
    rows = {o.id: Row(o.id, o.name, course_count=len(ctx.courses)) for o in targets}
    owner = _owners(orgs, rows)
    for org_id, _platform, count in ctx.cube.members:
        for target in owner.get(org_id, ()):
            rows[target].members += count
    per_org: dict[int, Row] = {}
    for org_id, _platform, *sums in ctx.cube.counts:
        per_org.setdefault(org_id, Row(org_id, "")).add(*sums)
    for org_id, sums in per_org.items():
        for target in owner.get(org_id, ()):
            rows[target].add(sums.lessons_done, sums.courses_done, sums.credit_hours)
    return list(rows.values())


def _owners(orgs, targets: dict) -> dict[int, list[int]]:
    """For each organisation, the target rows its numbers count towards (its own row
    and its ancestors' rows that are targets), read from the materialized path."""
    owners = {}
    for org in orgs:
        ancestors = [int(x) for x in org.path.strip("/").split("/") if x]
        owners[org.id] = [a for a in ancestors if a in targets]
    return owners


def breadcrumbs(ctx: Context) -> list[Organisation]:
    """The selection's ancestors the actor may see, top first (for drill-up links)."""
    ids = [int(x) for x in ctx.org.path.strip("/").split("/") if x]
    query = union_scope.orgs_in_scope(ctx.actor).where(Organisation.id.in_(ids))
    return sorted(db.session.scalars(query), key=lambda o: len(o.path))
