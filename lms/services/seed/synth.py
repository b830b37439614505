"""A synthetic city for benchmarks and demos: the organisation tree (1 federation,
11 districts, 154 unions = 166 union organisations; 270 stations; 3 schools),
10 courses of 6 lessons, 26,200 workers x `scale`, a progress row per worker and
lesson (~1.6 million at scale 1), then the counters. Bulk Core inserts throughout."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, insert, select, text, update

from lms.extensions import db
from lms.models import (
    Course,
    CourseCompletion,
    CourseStatus,
    Lesson,
    LessonProgress,
    Organisation,
    OrgKind,
    Person,
    PersonRole,
    Role,
)
from lms.models.base import utcnow
from lms.services.union import counters as union_counters

WORKERS, BATCH = 26_200, 10_000
DISTRICTS = [
    "天河",
    "越秀",
    "海珠",
    "荔湾",
    "白云",
    "黄埔",
    "番禺",
    "花都",
    "南沙",
    "从化",
    "增城",
]
UNIONS, STATIONS, COURSES, LESSONS = 154, 270, 10, 6
TOPICS = [
    "防暑降温与中暑急救",
    "交通安全",
    "电动车消防",
    "劳动权益",
    "心肺复苏",
    "食品安全",
    "恶劣天气出行",
    "心理健康",
    "职业伤害保障",
    "文明配送",
]
PLATFORM_WEIGHTS = {
    "meituan": 45,
    "eleme": 30,
    "sf": 10,
    "dada": 8,
    "uu": 4,
    "other": 3,
}
SURNAMES, GIVEN = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高",
    "伟芳娜敏静强磊军洋勇艳杰涛明超秀兰霞平刚",
)


def tree() -> list[tuple[str, str, OrgKind, str | None]]:
    """(code, name, kind, parent code), parents first."""
    orgs = [("syn-city", "市总工会", OrgKind.CITY, None)]
    orgs += [
        (f"syn-school-{i}", f"市第{i}职业技术学校", OrgKind.SCHOOL, "syn-city")
        for i in (1, 2, 3)
    ]
    orgs += [
        (f"syn-d{i:02d}", f"{d}区总工会", OrgKind.DISTRICT, "syn-city")
        for i, d in enumerate(DISTRICTS)
    ]
    for u in range(UNIONS):
        d = u % len(DISTRICTS)
        orgs.append(
            (
                f"syn-u{u:03d}",
                f"{DISTRICTS[d]}区新就业形态劳动者工会{u // len(DISTRICTS) + 1}",
                OrgKind.UNION,
                f"syn-d{d:02d}",
            )
        )
    for s in range(STATIONS):
        u = s % UNIONS
        orgs.append(
            (
                f"syn-st{s:03d}",
                f"{DISTRICTS[u % len(DISTRICTS)]}骑手驿站{s + 1:03d}",
                OrgKind.STATION,
                f"syn-u{u:03d}",
            )
        )
    return orgs


def _execute(table, rows: list[dict]) -> None:
    if rows:
        db.session.connection().execute(insert(table), rows)


def make_tree() -> dict[str, int]:
    """Insert the tree level by level and set each materialized path; code -> id."""
    ids, paths = {}, {}
    levels = [
        [o for o in tree() if o[2] == k]
        for k in (
            OrgKind.CITY,
            OrgKind.SCHOOL,
            OrgKind.DISTRICT,
            OrgKind.UNION,
            OrgKind.STATION,
        )
    ]
    for level in levels:
        _execute(
            Organisation.__table__,
            [
                {
                    "code": c,
                    "name": n,
                    "kind": str(k),
                    "parent_id": ids.get(p),
                    "path": "",
                }
                for c, n, k, p in level
            ],
        )
        codes = [c for c, *_ in level]
        ids.update(
            db.session.execute(
                select(Organisation.code, Organisation.id).where(
                    Organisation.code.in_(codes)
                )
            ).all()
        )
        for c, _n, _k, p in level:
            paths[c] = f"{paths[p] if p else '/'}{ids[c]}/"
        stmt = update(Organisation.__table__).where(Organisation.id == bindparam("oid"))
        db.session.connection().execute(
            stmt.values(path=bindparam("p")),
            [{"oid": ids[c], "p": paths[c]} for c in codes],
        )
    return ids


def make_courses(now: datetime) -> list[list[tuple[int, Decimal]]]:
    """The courses' lessons as [(lesson id, hours)] per course, in order."""
    courses = []
    for i, topic in enumerate(TOPICS[:COURSES]):
        course = Course(
            code=f"syn-c{i:02d}",
            title=topic,
            topic="safety",
            summary=topic,
            status=CourseStatus.PUBLISHED,
            bonus_credit_hours=Decimal("1.00"),
        )
        course.lessons = [
            Lesson(
                code=f"l{j}",
                position=j,
                title=f"{topic}（第{j + 1}讲）",
                duration_s=300,
                credit_hours=Decimal("0.50"),
                guide_md="",
            )
            for j in range(LESSONS)
        ]
        db.session.add(course)
        courses.append(course)
    db.session.flush()
    return [[(lesson.id, lesson.credit_hours) for lesson in c.lessons] for c in courses]


def make_people(count: int, stations: list[int], rng: random.Random) -> list[int]:
    platforms = list(PLATFORM_WEIGHTS)
    weights = list(PLATFORM_WEIGHTS.values())
    for start in range(0, count, BATCH):
        _execute(
            Person.__table__,
            [
                {
                    "person_id": f"SYN{n:07d}",
                    "phone": f"15{n:09d}",
                    "name": rng.choice(SURNAMES)
                    + rng.choice(GIVEN)
                    + rng.choice(GIVEN),
                    "platform": rng.choices(platforms, weights)[0],
                    "organisation_id": rng.choice(stations),
                }
                for n in range(start, min(start + BATCH, count))
            ],
        )
    ids = list(
        db.session.scalars(
            select(Person.id).where(Person.person_id.like("SYN%")).order_by(Person.id)
        )
    )
    for start in range(0, len(ids), BATCH):
        _execute(
            PersonRole.__table__,
            [
                {"person_id": pid, "role": str(Role.WORKER)}
                for pid in ids[start : start + BATCH]
            ],
        )
    return ids


def progress_rows(
    person_ids, courses, course_of, now, rng
) -> Iterator[tuple[str, dict]]:
    """("progress" | "completion", row): every lesson opened, a prefix of them done."""
    lessons = [lesson for course in courses for lesson in course]
    for pid in person_ids:
        done = round(len(lessons) * rng.random() ** 0.6)
        moment = now - timedelta(days=rng.uniform(5, 360))
        step = (now - moment) / (done + 1)
        for n, (lesson_id, _hours) in enumerate(lessons):
            finished = moment + step * (n + 1) if n < done else None
            yield (
                "progress",
                {
                    "person_id": pid,
                    "lesson_id": lesson_id,
                    "position": 0.0,
                    "watched_seconds": 300.0 if finished else 60.0,
                    "intervals": [],
                    "client_windows": [],
                    "dropped_events": 0,
                    "first_opened_at": moment,
                    "completed_at": finished,
                    "guide_read_at": finished,
                    "updated_at": finished or moment,
                },
            )
            if finished and (n + 1) % LESSONS == 0:
                yield (
                    "completion",
                    {
                        "person_id": pid,
                        "course_id": course_of[lesson_id],
                        "completed_at": finished,
                    },
                )


def synth(scale: float = 1.0, seed: int = 7) -> dict[str, int]:
    """Build the synthetic city into the current database; returns row counts."""
    rng, now = random.Random(seed), utcnow()
    ids = make_tree()
    courses = make_courses(now)
    course_of = dict(db.session.execute(select(Lesson.id, Lesson.course_id)).all())
    stations = [ids[c] for c, _n, kind, _p in tree() if kind == OrgKind.STATION]
    people = make_people(max(int(WORKERS * scale), 1), stations, rng)
    counts = {
        "organisations": len(ids),
        "people": len(people),
        "progress": 0,
        "completions": 0,
    }
    batches = {"progress": [], "completion": []}
    tables = {
        "progress": LessonProgress.__table__,
        "completion": CourseCompletion.__table__,
    }
    for kind, row in progress_rows(people, courses, course_of, now, rng):
        batches[kind].append(row)
        counts["progress" if kind == "progress" else "completions"] += 1
        if len(batches[kind]) >= BATCH:
            _execute(tables[kind], batches[kind])
            batches[kind] = []
    for kind, rows in batches.items():
        _execute(tables[kind], rows)
    db.session.execute(text("ANALYZE"))  # the planner must know the tables' sizes
    counts.update(union_counters.rebuild())
    db.session.execute(text("ANALYZE"))
    return counts


def checkpoint() -> None:
    """After the bulk load, fold SQLite's write-ahead log back into the database (as
    its periodic checkpoints would), so readers do not wade through a huge WAL."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
