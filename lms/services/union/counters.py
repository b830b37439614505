"""The dashboards' counters: completions per (organisation, platform, course, month),
per member and per member and course. They react to learning's announcements (a
completed lesson, a completed course) and to a credit reversal (its hours come off, in
the reversal's month), all connected in `lms.subscriptions`; they shift when a member
moves, and are rebuilt from the progress rows and the ledger's reversals by `rebuild()`
(a periodic job and the CLI), which also repairs any drift. Pages read these few rows,
never the progress rows."""

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
from lms.services.learning import completion

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


def on_lesson_completed(person: Person, *, lesson: Lesson, now: datetime) -> None:
    """Count one completed lesson and its hours."""
    sums = {"lessons_done": 1, "courses_done": 0, "credit_hours": lesson.credit_hours}
    _count(person, lesson.course_id, now, sums, completed_at=now)


def on_course_completed(person: Person, *, course: Course, now: datetime) -> None:
    """Count one completed course (recorded once) and its bonus hours."""
    stmt = _dialect_insert(CourseCompletion).on_conflict_do_nothing()
    values = {"person_id": person.id, "course_id": course.id, "completed_at": now}
    db.session.execute(stmt, [values])
    hours = course.bonus_credit_hours or 0
    sums = {"lessons_done": 0, "courses_done": 1, "credit_hours": hours}
    _count(person, course.id, now, sums, completed_at=now)


def _count(
    person: Person,
    course_id: int,
    at: datetime,
    sums: dict,
    completed_at: datetime | None = None,
) -> None:
    """Add `sums` to the member's, the member's course's and their organisation's
    counts (for the local month of `at`); `completed_at` moves the member's last
    completion (a reversal leaves it)."""
    bump(
        MemberStat,
        ["person_id"],
        [{"person_id": person.id, "last_completed_at": completed_at, **sums}],
    )
    bump(
        MemberCourseStat,
        ["person_id", "course_id"],
        [{"person_id": person.id, "course_id": course_id, **sums}],
    )
    if person.organisation_id is not None:
        key = _key(person.organisation_id, person.platform, course_id, local_month(at))
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
    _count(person, course_id, reversal.earned_at, sums)


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
    parts = (_lesson_rows(), _course_rows(), _reversal_rows())
    if person_id is not None:
        parts = tuple(
            part.where(part.selected_columns[0] == person_id) for part in parts
        )
    return union_all(*parts).subquery()


def _lesson_rows():
    lp = LessonProgress
    return (
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


def _course_rows():
    cc = CourseCompletion
    return select(
        cc.person_id,
        cc.course_id,
        _month_expr(cc.completed_at),
        literal(0),
        literal(1),
        Course.bonus_credit_hours,
        cc.completed_at,
    ).join(Course, Course.id == cc.course_id)


def _reversal_rows():
    ce = CreditEntry
    return (
        select(
            ce.person_pk,
            Course.id,
            _month_expr(ce.earned_at),
            literal(0),
            literal(0),
            ce.credit_hours,
            literal(None, type_=LessonProgress.completed_at.type),
        )
        .join(Course, Course.code == ce.course_code)
        .where(ce.kind == CreditKind.REVERSAL)
    )


def contributions(person_id: int):
    c = _completions(person_id)
    return select(c.c.course_id, c.c.month, *_sums(c)).group_by(
        c.c.course_id, c.c.month
    )


def rebuild() -> dict:
    """Recount everything from the progress rows (and record course completions the
    counters never saw, e.g. from before this feature). Returns row counts."""
    _record_missing_course_completions()
    for model in (UnionCount, MemberStat, MemberCourseStat):
        db.session.execute(delete(model))
    c = _completions()
    _recount_organisations(c)
    _recount_members(c)
    _recount_member_courses(c)
    db.session.flush()
    return {
        name: db.session.scalar(select(func.count()).select_from(model))
        for name, model in (
            ("union_counts", UnionCount),
            ("member_stats", MemberStat),
            ("member_course_stats", MemberCourseStat),
        )
    }


def _sums(c) -> tuple:
    return func.sum(c.c.lessons), func.sum(c.c.courses), func.sum(c.c.hours)


def _recount_organisations(c) -> None:
    platform = func.coalesce(Person.platform, "")
    per_org = (
        select(Person.organisation_id, platform, c.c.course_id, c.c.month, *_sums(c))
        .join(Person, Person.id == c.c.person_id)
        .where(Person.organisation_id.is_not(None))
        .group_by(Person.organisation_id, platform, c.c.course_id, c.c.month)
    )
    db.session.execute(insert(UnionCount).from_select([*COUNT_KEY, *SUMS], per_org))


def _recount_members(c) -> None:
    per_person = select(c.c.person_id, *_sums(c), func.max(c.c.at)).group_by(
        c.c.person_id
    )
    columns = ["person_id", *SUMS, "last_completed_at"]
    db.session.execute(insert(MemberStat).from_select(columns, per_person))


def _recount_member_courses(c) -> None:
    per_course = select(c.c.person_id, c.c.course_id, *_sums(c)).group_by(
        c.c.person_id, c.c.course_id
    )
    columns = ["person_id", "course_id", *SUMS]
    db.session.execute(insert(MemberCourseStat).from_select(columns, per_course))


def _record_missing_course_completions() -> None:
    """Record the completed courses (learning's definition) the counters never saw."""
    done = completion.completed_courses().subquery()
    known = select(CourseCompletion.id).where(
        CourseCompletion.person_id == done.c.person_id,
        CourseCompletion.course_id == done.c.course_id,
    )
    missing = select(done.c.person_id, done.c.course_id, done.c.completed_at).where(
        ~known.exists()
    )
    cols = ["person_id", "course_id", "completed_at"]
    db.session.execute(insert(CourseCompletion).from_select(cols, missing))
