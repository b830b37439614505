"""Completion as an event (DESIGN.md rule 12): learning announces a completed lesson and
course inside its transaction; the ledger, certificates, union counters and xAPI react,
once each however often the app is created, and roll back with the completion."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from lms.models import (
    Certificate,
    CourseCompletion,
    CreditClaim,
    CreditEntry,
    Lesson,
    LessonProgress,
    MemberStat,
    Role,
    XapiStatement,
)
from lms.services.learning import completion, events, progress

T0 = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai
XAPI_ON = {"LMS_XAPI_URL": "http://127.0.0.1:18100/xapi"}  # recorded, never sent here


@pytest.fixture
def course(factory, sample_course_dir):
    return factory.course(sample_course_dir)


@pytest.fixture
def worker(factory):
    return factory.person(Role.WORKER, org=factory.org("union-gz-tianhe"))


def read_guide(person, lesson, now=T0) -> bool:
    progress.open_lesson(person, lesson, now - timedelta(minutes=10))
    return progress.mark_guide_read(person, lesson, now)[1]


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.mark.app_config(**XAPI_ON)
def test_each_domain_reacts_once_however_often_the_app_is_created(
    app, db, course, worker
):
    from lms import create_app, subscriptions

    create_app(dict(app.config))  # as the CLI, a worker or a second app would
    subscriptions.connect()
    assert len(events.lesson_completed.receivers) == 3
    assert len(events.course_completed.receivers) == 3
    assert [read_guide(worker, lesson) for lesson in course.lessons] == [True, True]
    assert read_guide(worker, course.lessons[0]) is False  # completed already
    db.session.commit()
    kinds = db.session.scalars(db.select(CreditEntry.kind).order_by(CreditEntry.seq))
    assert list(kinds) == ["lesson", "lesson", "course"]
    cert = db.session.scalar(db.select(Certificate))
    assert cert.credit_hours == Decimal("0.75")  # the bonus was claimed before it
    stat = db.session.get(MemberStat, worker.id)
    assert (stat.lessons_done, stat.courses_done, stat.credit_hours) == (
        2,
        1,
        Decimal("0.75"),
    )
    assert count(db, CourseCompletion) == 1
    verbs = db.session.scalars(db.select(XapiStatement.verb)).all()
    assert verbs == ["completed"] * 3  # two lessons and the course


@pytest.mark.app_config(**XAPI_ON)
def test_what_the_receivers_wrote_rolls_back_with_the_completion(
    app, db, course, worker
):
    for lesson in course.lessons:
        assert read_guide(worker, lesson) is True
    assert count(db, CreditEntry) == 3 and count(db, Certificate) == 1
    db.session.rollback()
    for model in (
        CreditClaim,
        CreditEntry,
        Certificate,
        MemberStat,
        CourseCompletion,
        XapiStatement,
    ):
        assert count(db, model) == 0, model.__name__
    assert count(db, LessonProgress) == 0


def test_a_course_is_completed_when_all_its_lessons_are(
    app, db, factory, course, worker
):
    """The one definition, as the ledger, certificates and counters read it."""
    halfway = factory.person(Role.WORKER)
    for lesson in course.lessons:
        read_guide(worker, lesson)
    read_guide(halfway, course.lessons[0])
    db.session.commit()
    done = db.session.execute(completion.completed_courses()).all()
    assert [(p, c) for p, c, _ in done] == [(worker.id, course.id)]
    assert completion.course_completed_at(worker, course) == T0
    assert completion.course_completed_at(halfway, course) is None
    db.session.add(
        Lesson(course_id=course.id, code="new", title="新的一课", position=9)
    )
    db.session.flush()  # a lesson added later: the course is no longer complete
    assert completion.course_completed_at(worker, course) is None
    assert db.session.execute(completion.completed_courses()).all() == []
