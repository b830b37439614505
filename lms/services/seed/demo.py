"""Demo data for `make run`: a small organisation tree and one account per role."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import select

from lms.extensions import db
from lms.models import Organisation, OrgKind, Role
from lms.services.accounts.people import ensure_person
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


def ensure_demo(accounts_file: Path) -> list[str]:
    """Create what is missing; return the lines of the accounts file (with passwords)."""
    orgs = {
        code: ensure_org(code, name, kind, parent)
        for code, name, kind, parent in DEMO_TREE
    }
    lines = []
    for person_id, name, phone, role, org_code, platform in DEMO_PEOPLE:
        password = secrets.token_urlsafe(6)
        _, created = ensure_person(
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
    if lines:
        with accounts_file.open("a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        accounts_file.chmod(0o600)
    return (
        accounts_file.read_text(encoding="utf-8").splitlines()
        if accounts_file.exists()
        else []
    )
