"""A small city for the union tests: two unions under one district, a station each
(plus a second station in union A), an officer per union, workers, one course."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lms.extensions import db
from lms.models import Course, CourseStatus, Lesson, LessonProgress, OrgKind, Role
from lms.services.learning.completion import complete_if_done


@dataclass
class City:
    orgs: dict
    officer_a: object
    officer_b: object
    admin: object
    worker_a: object
    worker_b: object
    course: Course


def make_course(code: str = "heat-101", lessons: int = 2) -> Course:
    course = Course(
        code=code,
        title=f"防暑急救 {code}",
        topic="safety",
        status=CourseStatus.PUBLISHED,
        bonus_credit_hours=Decimal("1.00"),
    )
    course.lessons = [
        Lesson(
            code=f"l{i}", position=i, title=f"第{i + 1}讲", credit_hours=Decimal("0.50")
        )
        for i in range(lessons)
    ]
    db.session.add(course)
    db.session.commit()
    return course


def build_city(factory) -> City:
    factory.org("city", OrgKind.CITY)
    factory.org("district", OrgKind.DISTRICT, "city")
    factory.org("union-a", OrgKind.UNION, "district")
    factory.org("union-b", OrgKind.UNION, "district")
    factory.org("station-a1", OrgKind.STATION, "union-a")
    factory.org("station-a2", OrgKind.STATION, "union-a")
    factory.org("station-b1", OrgKind.STATION, "union-b")
    codes = (
        "city",
        "district",
        "union-a",
        "union-b",
        "station-a1",
        "station-a2",
        "station-b1",
    )
    orgs = {code: factory.org(code) for code in codes}
    return City(
        orgs=orgs,
        officer_a=factory.person(Role.UNION_ADMIN, org=orgs["union-a"], name="甲主席"),
        officer_b=factory.person(Role.UNION_ADMIN, org=orgs["union-b"], name="乙主席"),
        admin=factory.person(Role.ADMIN, org=orgs["city"], name="管理员"),
        worker_a=factory.person(
            org=orgs["station-a1"], name="甲站骑手", platform="meituan"
        ),
        worker_b=factory.person(
            org=orgs["station-b1"], name="乙站骑手", platform="eleme", password=None
        ),
        course=make_course(),
    )


def complete(person, lesson: Lesson, now: datetime) -> None:
    """Complete a lesson (no video: reading the guide is enough) through the real path."""
    row = LessonProgress(person_id=person.id, lesson_id=lesson.id, guide_read_at=now)
    db.session.add(row)
    db.session.flush()
    complete_if_done(person, lesson, row, now)
    db.session.commit()
