"""The busy path's plumbing: prepared statements (lms/prepared.py) read and write what
the ORM would, a person built from a token query is the session's own, and a
read-first request takes SQLite's write lock only at `begin_writing()`."""

import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, select, update

from lms.models import Course, LessonProgress
from lms.prepared import Prepared
from lms.services.accounts import auth
from lms.services.learning import progress, progress_store
from lms.writing import begin_writing

PROGRESS = LessonProgress.__table__
READ = Prepared(select(*PROGRESS.c).where(PROGRESS.c.id == bindparam("row_id")))
WRITE = Prepared(
    update(PROGRESS)
    .where(PROGRESS.c.id == bindparam("row_id"))
    .values(
        intervals=bindparam("intervals"),
        last_accepted_at=bindparam("at"),
        watched_seconds=bindparam("seconds"),
        updated_at=bindparam("at"),  # a column's Python-side default is not applied
    )
)


def opened_row(db, factory, sample_course_dir):
    course = factory.course(sample_course_dir)
    person = factory.person()
    row = progress.open_lesson(person, course.lessons[0])
    row.intervals, row.client_windows = [[0.0, 12.5], [30.0, 41.25]], [[1.5, 2.5]]
    row.guide_read_at = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)
    db.session.commit()
    return person, course, row


def test_a_prepared_select_reads_what_the_orm_reads(
    app, db, factory, sample_course_dir
):
    _, _, row = opened_row(db, factory, sample_course_dir)
    found = READ.first(db.session, {"row_id": row.id})
    by_orm = [getattr(row, column.name) for column in PROGRESS.c]
    assert list(found) == by_orm
    assert found[PROGRESS.c.keys().index("guide_read_at")].tzinfo is not None
    assert READ.first(db.session, {"row_id": -1}) is None


def test_a_prepared_update_writes_what_the_orm_reads_back(
    app, db, factory, sample_course_dir
):
    _, _, row = opened_row(db, factory, sample_course_dir)
    at = datetime(2026, 3, 2, 9, 0, 0, 654321, tzinfo=UTC)
    intervals = [[0.0, 99.5]]
    values = {"row_id": row.id, "intervals": intervals, "at": at, "seconds": 99.5}
    assert WRITE.rows(db.session, values) == []
    db.session.commit()
    db.session.expire_all()
    assert (row.intervals, row.last_accepted_at, row.watched_seconds) == (
        intervals,
        at,
        99.5,
    )


def test_lesson_facts_carry_the_course_rules_with_their_types(
    app, db, factory, sample_course_dir
):
    _, course, _ = opened_row(db, factory, sample_course_dir)
    lesson = course.lessons[0]
    facts = progress_store.published_lesson(str(lesson.id))
    assert (facts.id, facts.video_duration_s, facts.has_quiz) == (
        lesson.id,
        lesson.video_duration_s,
        lesson.has_quiz,
    )
    assert facts.course.required_watch_ratio == course.required_watch_ratio
    assert isinstance(facts.course.required_watch_ratio, Decimal)


def test_a_person_found_by_token_is_the_sessions_own(
    app, db, factory, sample_course_dir
):
    person = factory.person()
    token, _ = auth.issue_token(person, days=1)
    db.session.commit()
    assert auth.person_for_token(token) is person  # already in the session
    known = (person.id, person.name, person.organisation_id, person.roles)
    db.session.expunge_all()
    found = auth.person_for_token(token)
    assert found in db.session and not db.session.dirty and not db.session.new
    assert (found.id, found.name, found.organisation_id, found.roles) == known
    found.name = "改名"  # it is tracked like any loaded object
    db.session.commit()
    db.session.expunge_all()
    assert auth.person_for_token(token).name == "改名"
    later = datetime.now(UTC) + timedelta(days=2)
    assert auth.person_for_token(token, now=later) is None


def test_a_read_first_request_takes_the_write_lock_only_when_it_begins_writing(
    app, db, factory, sample_course_dir
):
    person, course, _ = opened_row(db, factory, sample_course_dir)
    person_id, course_id, lesson_id = person.id, course.id, course.lessons[0].id
    db.session.remove()
    path = f"/api/v1/lessons/{lesson_id}/progress"
    with app.test_request_context(path, method="POST"):
        lesson = progress_store.published_lesson(lesson_id)
        reader = db.session.get(Course, course_id)
        if db.engine.dialect.name == "sqlite":
            assert _can_write_elsewhere(db)
        begin_writing()
        if db.engine.dialect.name == "sqlite":
            assert not _can_write_elsewhere(db)
        assert reader in db.session  # what was read stays, as read
        state = progress_store.locked(person_id, lesson.id)
        assert state is not None
        db.session.rollback()
        if db.engine.dialect.name == "sqlite":
            assert _can_write_elsewhere(db)


def _can_write_elsewhere(db) -> bool:
    other = sqlite3.connect(db.engine.url.database, isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()
