"""Creating test data through the same services the app uses."""

from __future__ import annotations

import itertools
from pathlib import Path

from lms.extensions import db
from lms.models import Organisation, OrgKind, Person, Role
from lms.services.accounts.people import ensure_person
from lms.services.seed.demo import ensure_org

PASSWORD = "correct horse 42"
_seq = itertools.count(1)


class Factory:
    def __init__(self, app):
        self.app = app

    def org(
        self, code: str, kind: OrgKind = OrgKind.UNION, parent: str | None = None
    ) -> Organisation:
        org = ensure_org(code, f"组织 {code}", kind, parent)
        db.session.commit()
        return org

    def person(
        self, role: Role = Role.WORKER, org: Organisation | None = None, **kw
    ) -> Person:
        n = next(_seq)
        person, _ = ensure_person(
            kw.pop("person_id", f"P{n:06d}"),
            name=kw.pop("name", f"工人{n}"),
            phone=kw.pop("phone", f"139{n:08d}"),
            roles=(role,),
            organisation=org,
            password=kw.pop("password", PASSWORD),
            platform=kw.pop("platform", "meituan"),
        )
        db.session.commit()
        return person

    def course(self, folder: Path):
        from courses.check import quiz_checker
        from courses.loader import load_course
        from lms.services.catalogue.importing import import_course

        spec = load_course(folder, check_quiz=quiz_checker())
        course = import_course(spec, Path(self.app.config["LMS_DATA_DIR"]) / "media")
        db.session.commit()
        return course

    def login(self, client, person: Person, password: str = PASSWORD):
        return client.post("/login", data={"phone": person.phone, "password": password})
