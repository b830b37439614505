"""The dashboards' counters: completions per (organisation, platform, course, month),
per member and per member and course, bumped by one call from the completion path
(and their hours taken off by a credit reversal, in the reversal's month), shifted
when a member moves, and rebuilt from the progress rows and the ledger's reversals by
`rebuild()` (a periodic job and the CLI), which also repairs any drift. Pages read
these few rows, never the progress rows."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Date, delete, func, insert, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite

from lms.extensions import db
from lms.models import (
    Course,
    CourseCompletion,
    CreditEntry,
    CreditKind,
    Lesson,
    LessonProgress,
    MemberCourseStat,
    MemberStat,
    Person,
    UnionCount,
)

COUNT_KEY = ["organisation_id", "platform", "course_id", "month"]
SUMS = ("lessons_done", "courses_done", "credit_hours")


def local_month(moment: datetime) -> date:
    local = moment.astimezone(ZoneInfo(current_app.config["LMS_TIMEZONE"]))
    return local.date().replace(day=1)


def _dialect_insert(model):
    name = db.session.get_bind().dialect.name
    return (postgresql.insert if name == "postgresql" else sqlite.insert)(model)


def bump(model, key: list[str], rows: list[dict]) -> None:
    """Add each row's SUMS to the counter row with its key (created at zero if missing);
    one INSERT .. ON CONFLICT DO UPDATE, so concurrent completions never lose a count."""
    if not rows:
        return
    stmt = _dialect_insert(model)
    sets = {n: getattr(model, n) + getattr(stmt.excluded, n) for n in SUMS}
    if model is MemberStat:
        sets["last_completed_at"] = func.coalesce(
            stmt.excluded.last_completed_at, MemberStat.last_completed_at
        )
    db.session.execute(stmt.on_conflict_do_update(index_elements=key, set_=sets), rows)


def on_lesson_completed(
    person: Person, lesson: Lesson, now: datetime, *, course_done: bool
) -> None:
    """Count one completed lesson (and its course, when it was the last one)."""
    course = lesson.course
    hours = lesson.credit_hours + (course.bonus_credit_hours if course_done else 0)
    sums = {"lessons_done": 1, "courses_done": int(course_done), "credit_hours": hours}
    if course_done:
        stmt = _dialect_insert(CourseCompletion).on_conflict_do_nothing()
        values = {"person_id": person.id, "course_id": course.id, "completed_at": now}
        db.session.execute(stmt, [values])
    bump(
        MemberStat,
        ["person_id"],
        [{"person_id": person.id, "last_completed_at": now, **sums}],
    )
    bump(
        MemberCourseStat,
        ["person_id", "course_id"],
        [{"person_id": person.id, "course_id": course.id, **sums}],
    )
    if person.organisation_id is not None:
        key = _key(person.organisation_id, person.platform, course.id, local_month(now))
        bump(UnionCount, COUNT_KEY, [{**key, **sums}])


def on_credit_reversed(reversal: CreditEntry) -> None:
    """Take a reversed entry's hours off the member's and their organisation's counts,
    in the reversal's month (the completion itself stands)."""
    person = db.session.get(Person, reversal.person_pk)
    course_id = db.session.scalar(
        select(Course.id).where(Course.code == reversal.course_code)
    )
    if course_id is None:  # a course no longer here: counted nowhere (as in rebuild)
        return
    sums = {"lessons_done": 0, "courses_done": 0, "credit_hours": reversal.credit_hours}
    bump(MemberStat, ["person_id"], [{"person_id": person.id, **sums}])
    bump(
        MemberCourseStat,
        ["person_id", "course_id"],
        [{"person_id": person.id, "course_id": course_id, **sums}],
    )
    if person.organisation_id is not None:
        month = local_month(reversal.earned_at)
        key = _key(person.organisation_id, person.platform, course_id, month)
        bump(UnionCount, COUNT_KEY, [{**key, **sums}])


def _key(org_id: int, platform: str | None, course_id: int, month: date) -> dict:
    return {
        "organisation_id": org_id,
        "platform": platform or "",
        "course_id": course_id,
        "month": month,
    }


def shift_member(person: Person, old_org_id: int | None, old_platform: str | None):
    """Move the member's counted completions from where they were to where they are
    now (the record follows the person, and so do the dashboards' numbers)."""
    rows = db.session.execute(contributions(person.id)).all()
    moved = []
    for course_id, month, lessons, courses, hours in rows:
        sums = {"lessons_done": lessons, "courses_done": courses, "credit_hours": hours}
        if old_org_id is not None:
            minus = {k: -v for k, v in sums.items()}
            moved.append({**_key(old_org_id, old_platform, course_id, month), **minus})
        if person.organisation_id is not None:
            moved.append(
                {
                    **_key(person.organisation_id, person.platform, course_id, month),
                    **sums,
                }
            )
    bump(UnionCount, COUNT_KEY, moved)


def _month_expr(column):
    """The local calendar month of a UTC timestamp, in SQL (a date, first day)."""
    tz = current_app.config["LMS_TIMEZONE"]
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date(
            func.date_trunc("month", func.timezone(tz, column)), type_=Date
        )
    # SQLite has no time zones: shift by the zone's current offset (China has no DST).
    offset = ZoneInfo(tz).utcoffset(datetime.now()) or 0
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return func.strftime("%Y-%m-01", column, f"{minutes:+d} minutes", type_=Date)


def _completions(person_id: int | None = None):
    """Completed lessons and courses, and reversed credit, as (person, course, month,
    lessons, courses, hours, at); a reversal counts negative hours and no time."""
    lp, cc, ce = LessonProgress, CourseCompletion, CreditEntry
    lessons = (
        select(
            lp.person_id,
            Lesson.course_id,
            _month_expr(lp.completed_at).label("month"),
            literal(1).label("lessons"),
            literal(0).label("courses"),
            Lesson.credit_hours.label("hours"),
            lp.completed_at.label("at"),
        )
        .join(Lesson, Lesson.id == lp.lesson_id)
        .where(lp.completed_at.is_not(None))
    )
    courses = select(
        cc.person_id,
        cc.course_id,
        _month_expr(cc.completed_at),
        literal(0),
        literal(1),
        Course.bonus_credit_hours,
        cc.completed_at,
    ).join(Course, Course.id == cc.course_id)
    reversals = (
        select(
            ce.person_pk,
            Course.id,
            _month_expr(ce.earned_at),
            literal(0),
            literal(0),
            ce.credit_hours,
            literal(None, type_=lp.completed_at.type),
        )
        .join(Course, Course.code == ce.course_code)
        .where(ce.kind == CreditKind.REVERSAL)
    )
    if person_id is not None:
        lessons = lessons.where(lp.person_id == person_id)
        courses = courses.where(cc.person_id == person_id)
        reversals = reversals.where(ce.person_pk == person_id)
    return union_all(lessons, courses, reversals).subquery()


def contributions(person_id: int):
    c = _completions(person_id)
    return select(
        c.c.course_id,
        c.c.month,
        func.sum(c.c.lessons),
        func.sum(c.c.courses),
        func.sum(c.c.hours),
    ).group_by(c.c.course_id, c.c.month)


def rebuild() -> dict:
    """Recount everything from the progress rows (and record course completions the
    counters never saw, e.g. from before this feature). Returns row counts."""
    _record_missing_course_completions()
    db.session.execute(delete(UnionCount))
    db.session.execute(delete(MemberStat))
    db.session.execute(delete(MemberCourseStat))
    c = _completions()
    platform = func.coalesce(Person.platform, "")
    per_org = (
        select(
            Person.organisation_id,
            platform,
            c.c.course_id,
            c.c.month,
            func.sum(c.c.lessons),
            func.sum(c.c.courses),
            func.sum(c.c.hours),
        )
        .join(Person, Person.id == c.c.person_id)
        .where(Person.organisation_id.is_not(None))
        .group_by(Person.organisation_id, platform, c.c.course_id, c.c.month)
    )
    db.session.execute(insert(UnionCount).from_select([*COUNT_KEY, *SUMS], per_org))
    per_person = select(
        c.c.person_id,
        func.sum(c.c.lessons),
        func.sum(c.c.courses),
        func.sum(c.c.hours),
        func.max(c.c.at),
    ).group_by(c.c.person_id)
    db.session.execute(
        insert(MemberStat).from_select(
            ["person_id", *SUMS, "last_completed_at"], per_person
        )
    )
    per_course = select(
        c.c.person_id,
        c.c.course_id,
        func.sum(c.c.lessons),
        func.sum(c.c.courses),
        func.sum(c.c.hours),
    ).group_by(c.c.person_id, c.c.course_id)
    db.session.execute(
        insert(MemberCourseStat).from_select(
            ["person_id", "course_id", *SUMS], per_course
        )
    )
    db.session.flush()
    return {
        "union_counts": db.session.scalar(select(func.count()).select_from(UnionCount)),
        "member_stats": db.session.scalar(select(func.count()).select_from(MemberStat)),
        "member_course_stats": db.session.scalar(
            select(func.count()).select_from(MemberCourseStat)
        ),
    }


def _record_missing_course_completions() -> None:
    lp = LessonProgress
    per_course = (
        select(Lesson.course_id, func.count().label("n")).group_by(Lesson.course_id)
    ).subquery()
    done = (
        select(lp.person_id, Lesson.course_id, func.max(lp.completed_at).label("at"))
        .join(Lesson, Lesson.id == lp.lesson_id)
        .join(per_course, per_course.c.course_id == Lesson.course_id)
        .where(lp.completed_at.is_not(None))
        .group_by(lp.person_id, Lesson.course_id, per_course.c.n)
        .having(func.count() == per_course.c.n)
    ).subquery()
    known = select(CourseCompletion.id).where(
        CourseCompletion.person_id == done.c.person_id,
        CourseCompletion.course_id == done.c.course_id,
    )
    missing = select(done.c.person_id, done.c.course_id, done.c.at).where(
        ~known.exists()
    )
    cols = ["person_id", "course_id", "completed_at"]
    db.session.execute(insert(CourseCompletion).from_select(cols, missing))
