"""Counters kept on completion (and equal to a rebuild), the dashboard pages, moving a
member with their record, the synthetic city generator."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from lms.models import (
    CourseCompletion,
    LessonProgress,
    MemberCourseStat,
    MemberMove,
    MemberStat,
    UnionCount,
)
from lms.services.seed import synth
from lms.services.union import counters as union_counters
from lms.services.union import members as union_members
from tests.support.union_city import build_city, complete

NOW = datetime(2026, 7, 15, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


def counter_rows(db, with_zero_lessons=False):
    query = select(
        UnionCount.organisation_id,
        UnionCount.platform,
        UnionCount.course_id,
        UnionCount.month,
        UnionCount.lessons_done,
        UnionCount.courses_done,
        UnionCount.credit_hours,
    )
    if not with_zero_lessons:
        query = query.where(UnionCount.lessons_done != 0)
    return sorted(tuple(r) for r in db.session.execute(query))


def member_course_rows(db):
    rows = db.session.execute(
        select(
            MemberCourseStat.person_id,
            MemberCourseStat.course_id,
            MemberCourseStat.lessons_done,
            MemberCourseStat.courses_done,
            MemberCourseStat.credit_hours,
        )
    ).all()
    return sorted(tuple(r) for r in rows)


def test_completion_bumps_counters_and_a_rebuild_agrees(app, db, factory):
    city = build_city(factory)
    for lesson in city.course.lessons:
        complete(city.worker_a, lesson, NOW)
    complete(city.worker_b, city.course.lessons[0], NOW)
    rows = counter_rows(db)
    a1, b1 = city.orgs["station-a1"].id, city.orgs["station-b1"].id
    month = date(2026, 7, 1)
    assert rows == sorted(
        [
            (a1, "meituan", city.course.id, month, 2, 1, Decimal("2.00")),
            (b1, "eleme", city.course.id, month, 1, 0, Decimal("0.50")),
        ]
    )
    stat = db.session.get(MemberStat, city.worker_a.id)
    assert (stat.lessons_done, stat.courses_done, stat.credit_hours) == (
        2,
        1,
        Decimal("2.00"),
    )
    assert db.session.scalar(select(func.count()).select_from(CourseCompletion)) == 1
    per_course = member_course_rows(db)
    assert per_course == sorted(
        [
            (city.worker_a.id, city.course.id, 2, 1, Decimal("2.00")),
            (city.worker_b.id, city.course.id, 1, 0, Decimal("0.50")),
        ]
    )
    union_counters.rebuild()
    db.session.commit()
    assert counter_rows(db) == rows
    assert member_course_rows(db) == per_course


def test_dashboard_shows_the_officers_subtree_only(app, db, factory, client):
    city = build_city(factory)
    for lesson in city.course.lessons:
        complete(city.worker_a, lesson, NOW)
    factory.login(client, city.officer_a)
    page = client.get("/union/dashboard")
    assert page.status_code == 200
    assert "组织 station-a1" in page.text and "组织 station-b1" not in page.text
    assert 'id="kpi-members">1<' in page.text and 'id="kpi-rate">100.0%<' in page.text
    assert re.search(r"chart\.js-4\.6\.1\.umd\.min\.[0-9a-f]{10}\.js", page.text)
    drill = client.get(
        f"/union/dashboard?org={city.orgs['station-a1'].id}&platform=meituan"
    )
    assert drill.status_code == 200 and 'id="kpi-hours">2.0<' in drill.text
    record = client.get(f"/union/members/{city.worker_a.id}")
    assert record.status_code == 200 and "防暑急救" in record.text
    assert city.worker_a.phone not in record.text
    assert (
        "chart.js" not in client.get("/union/").text
    )  # charts load on dashboards only


def test_behind_list_masks_phones(app, db, factory, client):
    city = build_city(factory)
    factory.login(client, city.officer_a)
    page = client.get("/union/behind")
    phone = city.worker_a.phone
    assert (
        page.status_code == 200
        and "甲站骑手" in page.text
        and "乙站骑手" not in page.text
    )
    assert phone not in page.text and f"{phone[:3]}****{phone[-4:]}" in page.text


def test_moving_a_member_keeps_the_record_and_moves_the_counts(app, db, factory):
    city = build_city(factory)
    complete(city.worker_a, city.course.lessons[0], NOW)
    a2 = city.orgs["station-a2"]
    union_members.move_member(city.officer_a, city.worker_a, a2, "eleme", NOW)
    db.session.commit()
    assert (
        db.session.scalar(
            select(func.count()).where(LessonProgress.person_id == city.worker_a.id)
        )
        == 1
    )
    rows = counter_rows(db)
    assert rows == [
        (a2.id, "eleme", city.course.id, date(2026, 7, 1), 1, 0, Decimal("0.50"))
    ]
    move = db.session.scalar(select(MemberMove))
    assert (move.from_org_id, move.to_org_id) == (city.orgs["station-a1"].id, a2.id)
    union_counters.rebuild()
    db.session.commit()
    assert counter_rows(db) == rows


def test_synth_builds_a_small_city_with_consistent_counters(app, db):
    counts = synth.synth(scale=0.002)
    db.session.commit()
    assert counts["organisations"] == 1 + 3 + 11 + 154 + 270
    assert counts["people"] == 52 and counts["progress"] == 52 * 60
    done = db.session.scalar(
        select(func.count()).where(LessonProgress.completed_at.is_not(None))
    )
    assert db.session.scalar(select(func.sum(UnionCount.lessons_done))) == done
    assert db.session.scalar(select(func.sum(MemberStat.lessons_done))) == done


def test_behind_with_a_course_filter_counts_that_courses_lessons(
    app, db, factory, client
):
    from tests.support.union_city import make_course

    city = build_city(factory)
    other = make_course("fire-101", lessons=4)
    for lesson in city.course.lessons:  # all of heat-101, none of fire-101
        complete(city.worker_a, lesson, NOW)
    factory.login(client, city.officer_a)
    everything = client.get("/union/behind").text  # 2 of 6 lessons: behind (< 3)
    assert "甲站骑手" in everything
    done_heat = client.get(f"/union/behind?course={city.course.id}").text
    assert "甲站骑手" not in done_heat  # 2 of 2 lessons of the course
    behind_fire = client.get(f"/union/behind?course={other.id}").text
    assert "甲站骑手" in behind_fire  # 0 of 4
    export = client.get(f"/union/export/behind.csv?course={other.id}")
    assert export.status_code == 200 and "甲站骑手" in export.text


def test_a_reversal_takes_its_hours_off_the_counters_and_a_rebuild_agrees(
    app, db, factory
):
    from lms.models import CreditEntry, Role
    from lms.services.credits import ledger as credits

    city = build_city(factory)
    for lesson in city.course.lessons:
        complete(city.worker_a, lesson, NOW)
    entry = db.session.scalar(
        select(CreditEntry).where(
            CreditEntry.person_pk == city.worker_a.id, CreditEntry.kind == "lesson"
        )
    )
    admin = factory.person(Role.ADMIN)
    later = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)  # booked in August
    credits.reverse_entry(admin, entry.id, "重复刷课，已核实", later)
    db.session.commit()
    stat = db.session.get(MemberStat, city.worker_a.id)
    assert (stat.lessons_done, stat.credit_hours) == (2, Decimal("1.50"))
    assert stat.last_completed_at == NOW  # a reversal completes nothing
    a1 = city.orgs["station-a1"].id
    rows = counter_rows(db, with_zero_lessons=True)
    august = (a1, "meituan", city.course.id, date(2026, 8, 1), 0, 0, Decimal("-0.50"))
    assert august in rows
    per_course = member_course_rows(db)
    assert per_course == [(city.worker_a.id, city.course.id, 2, 1, Decimal("1.50"))]
    union_counters.rebuild()
    db.session.commit()
    assert member_course_rows(db) == per_course
    assert counter_rows(db, with_zero_lessons=True) == rows
    rebuilt = db.session.get(MemberStat, city.worker_a.id)
    assert (rebuilt.credit_hours, rebuilt.last_completed_at) == (Decimal("1.50"), NOW)


def test_a_reversal_of_an_unknown_course_leaves_the_counters_alone(app, db, factory):
    from lms.models import CreditEntry, Role
    from lms.services.credits import ledger as credits
    from tests.support.points_receiver import seed_ledger

    worker = factory.person(Role.WORKER)
    seed_ledger(db, worker, 1)  # entries of a course code with no course here
    entry = db.session.scalar(select(CreditEntry).where(CreditEntry.kind == "lesson"))
    credits.reverse_entry(factory.person(Role.ADMIN), entry.id, "测试冲销", NOW)
    db.session.commit()
    assert db.session.get(MemberStat, worker.id) is None
    assert member_course_rows(db) == []
