"""Members seen by a union officer: who is behind, one member's learning record, and
moving a member between organisations or platforms (the record follows the person)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, select

from lms.extensions import db
from lms.models import (
    Course,
    CourseCompletion,
    CreditClaim,
    Lesson,
    LessonProgress,
    MemberCourseStat,
    MemberMove,
    MemberStat,
    Organisation,
    Person,
)
from lms.services.accounts import audit
from lms.services.errors import Invalid
from lms.services.union import counters as union_counters
from lms.services.union import reach as union_scope
from lms.services.union.dashboards import Context, members_query
from lms.services.union.platforms import is_platform

PAGE_SIZE = 50
BEHIND_SHARE = 0.5  # behind: fewer than half of the published lessons completed


def member_rows(ctx: Context) -> Select:
    """Members with their totals, for the tables and exports (one row each). With a
    course filter, lessons done count that course's lessons only."""
    stat = MemberStat
    query = select(
        Person.id,
        Person.person_id,
        Person.name,
        Person.phone,
        Organisation.name,
        Organisation.code,
        Person.platform,
        lessons_done(ctx),
        func.coalesce(stat.courses_done, 0),
        func.coalesce(stat.credit_hours, 0),
        stat.last_completed_at,
    )
    query = query.join(
        Organisation, Organisation.id == Person.organisation_id
    ).outerjoin(stat, stat.person_id == Person.id)
    if ctx.filters.course_id is not None:
        in_course = MemberCourseStat
        query = query.outerjoin(
            in_course,
            and_(
                in_course.person_id == Person.id,
                in_course.course_id == ctx.filters.course_id,
            ),
        )
    return members_query(ctx, query).order_by(Person.name, Person.id)


def lessons_done(ctx: Context):
    """Each member's completed lessons: in all courses, or in the filtered one (the
    counters `member_rows` joins)."""
    if ctx.filters.course_id is None:
        return func.coalesce(MemberStat.lessons_done, 0)
    return func.coalesce(MemberCourseStat.lessons_done, 0)


def behind_threshold(ctx: Context) -> int:
    total = ctx.lesson_total
    return max(int(total * BEHIND_SHARE), 1) if total else 0


def behind_rows(ctx: Context) -> Select:
    """Members below the threshold (half the lessons of the published courses, or of
    the filtered course), least done first."""
    done = lessons_done(ctx)
    query = member_rows(ctx).where(done < behind_threshold(ctx))
    return query.order_by(None).order_by(done, Person.name, Person.id)


def page_of(query: Select, page: int) -> tuple[list, int]:
    """One page of `query` and the total row count."""
    counted = query.order_by(None).with_only_columns(func.count())
    total = db.session.scalar(counted)
    rows = db.session.execute(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return rows.all(), total or 0


@dataclass
class CourseLine:
    course: Course
    done: int
    total: int
    completed_at: datetime | None


def record(actor: Person, person_id: int) -> dict:
    """One member's learning record: progress per course, credits, moves."""
    person = union_scope.get_member(actor, person_id)
    return {
        "person": person,
        "courses": course_lines(person),
        "claims": _claims(person),
        "moves": _moves(person),
        "stat": db.session.get(MemberStat, person.id),
    }


def course_lines(person: Person) -> list[CourseLine]:
    """Lessons done per course the person started, and when they finished it."""
    done = dict(
        db.session.execute(
            select(Lesson.course_id, func.count())
            .select_from(LessonProgress)
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(
                LessonProgress.person_id == person.id,
                LessonProgress.completed_at.is_not(None),
            )
            .group_by(Lesson.course_id)
        ).all()
    )
    finished = dict(
        db.session.execute(
            select(CourseCompletion.course_id, CourseCompletion.completed_at).where(
                CourseCompletion.person_id == person.id
            )
        ).all()
    )
    started = set(done) | set(finished)
    courses = db.session.scalars(select(Course).where(Course.id.in_(started)))
    return [
        CourseLine(c, done.get(c.id, 0), len(c.lessons), finished.get(c.id))
        for c in sorted(courses, key=lambda c: c.code)
    ]


def _claims(person: Person) -> list[CreditClaim]:
    query = select(CreditClaim).where(CreditClaim.person_id == person.id)
    return list(
        db.session.scalars(query.order_by(CreditClaim.earned_at.desc()).limit(200))
    )


def _moves(person: Person) -> list[MemberMove]:
    query = select(MemberMove).where(MemberMove.person_id == person.id)
    return list(db.session.scalars(query.order_by(MemberMove.moved_at.desc())))


def reveal_phone(actor: Person, person_id: int, reason: str | None) -> str:
    """The member's full phone number, for an officer who must call them; the
    reveal is written to the staff audit log (who, when, whom, why if given)."""
    person = union_scope.get_member(actor, person_id)
    audit.record(actor, "phone_reveal", [person.id], reason)
    return person.phone or ""


def move_member(
    actor: Person,
    person: Person,
    org: Organisation,
    platform: str | None,
    now: datetime,
) -> MemberMove | None:
    """Move `person` (in scope) to `org` (in scope) and/or `platform`; their progress,
    credits and history stay theirs, and the counters follow them."""
    person = union_scope.get_member(actor, person.id)
    org = union_scope.get_org(actor, org.id)
    if platform is not None and not is_platform(platform):
        raise Invalid(code="unknown_platform")
    old_org_id, old_platform = person.organisation_id, person.platform
    if old_org_id == org.id and old_platform == platform:
        return None
    person.organisation = org
    person.platform = platform
    db.session.flush()
    union_counters.shift_member(person, old_org_id, old_platform)
    move = MemberMove(person_id=person.id, actor_id=actor.id, moved_at=now)
    move.from_org_id, move.to_org_id = old_org_id, org.id
    move.from_platform, move.to_platform = old_platform, platform
    db.session.add(move)
    db.session.flush()
    return move
