"""Demo data for `make run`: a small organisation tree and one account per role."""

from __future__ import annotations

import secrets
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from lms.extensions import db
from lms.models import Course, Organisation, OrgKind, Person, Role
from lms.services.accounts.people import ensure_person
from lms.services.studio import courses as studio_courses
from lms.services.studio import lessons as studio_lessons
from lms.services.union.scope import place_in_tree

DEMO_TREE = [
    # code, name, kind, parent code
    ("city-federation", "市总工会", OrgKind.CITY, None),
    ("district-tianhe", "天河区总工会", OrgKind.DISTRICT, "city-federation"),
    (
        "union-tianhe-riders",
        "天河区新就业形态劳动者工会",
        OrgKind.UNION,
        "district-tianhe",
    ),
    (
        "station-tianhe-01",
        "天河区骑手驿站（体育西）",
        OrgKind.STATION,
        "union-tianhe-riders",
    ),
    ("school-gz-vocational", "市职业技术学校", OrgKind.SCHOOL, "city-federation"),
]
DEMO_PEOPLE = [
    # person id, name, phone, role, organisation code, platform
    (
        "demo-worker",
        "张师傅",
        "13800000001",
        Role.WORKER,
        "station-tianhe-01",
        "meituan",
    ),
    (
        "demo-trainer",
        "李老师",
        "13800000002",
        Role.TRAINER,
        "school-gz-vocational",
        None,
    ),
    (
        "demo-union",
        "王主席",
        "13800000003",
        Role.UNION_ADMIN,
        "union-tianhe-riders",
        None,
    ),
    ("demo-admin", "系统管理员", "13800000004", Role.ADMIN, "city-federation", None),
]


def ensure_org(
    code: str, name: str, kind: OrgKind, parent_code: str | None
) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.code == code))
    if org is None:
        parent = None
        if parent_code:
            parent = db.session.scalar(
                select(Organisation).where(Organisation.code == parent_code)
            )
        org = Organisation(code=code, name=name, kind=kind, parent=parent)
        db.session.add(org)
        place_in_tree(org)
    return org


DEMO_COURSE = "demo-school-first-aid"
DEMO_GUIDE = """## 第一步：确认现场安全

先看车流，再靠近伤者。打开双闪，把电动车停在路边安全的地方。

## 第二步：拨打 120

说清楚地点、伤者人数和伤情，不要先挂电话。
"""


def ensure_demo_course(trainer: Person, media_root: Path) -> Course:
    """The demo trainer's own course (the shipped library has no school, so a trainer
    only reads it): one published lesson to edit, preview, narrate and watch."""
    course = db.session.scalar(select(Course).where(Course.code == DEMO_COURSE))
    if course is not None:
        return course
    course = studio_courses.create_course(
        trainer,
        "骑手急救示范课",
        "first_aid",
        "学校自己的课程，可随意修改。",
        DEMO_COURSE,
    )
    draft = studio_lessons.new_draft(trainer, course, "事故现场先做什么")
    fields = dict(duration_min=5.0, credit_hours=Decimal("0.25"), guide_md=DEMO_GUIDE)
    sources = [{"title": "中国红十字会《救护员培训教材》", "url": None}]
    studio_lessons.save_draft(trainer, draft, fields | {"sources": sources})
    images = media_root / "courses" / DEMO_COURSE / "images"
    studio_lessons.publish(trainer, draft, images)
    return course


def ensure_demo(accounts_file: Path) -> list[str]:
    """Create what is missing; return the lines of the accounts file (with passwords)."""
    orgs = {
        code: ensure_org(code, name, kind, parent)
        for code, name, kind, parent in DEMO_TREE
    }
    lines, people = [], {}
    for person_id, name, phone, role, org_code, platform in DEMO_PEOPLE:
        password = secrets.token_urlsafe(6)
        people[role], created = ensure_person(
            person_id,
            name=name,
            phone=phone,
            roles=(role,),
            organisation=orgs[org_code],
            platform=platform,
            password=password,
        )
        if created:
            lines.append(f"{role.value:12} {name}  phone {phone}  password {password}")
    ensure_demo_course(people[Role.TRAINER], accounts_file.parent / "media")
    if lines:
        with accounts_file.open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        accounts_file.chmod(0o600)
    return (
        accounts_file.read_text(encoding="utf-8").splitlines()
        if accounts_file.exists()
        else []
    )
