"""Practical checks: per attendee and skill, pass or retry (the latest verdict
counts). The first time every skill of a present attendee is passed, the class
announces it once (`events.practical_passed`, and `passed_at` is set); credits react
with the class's hours as one `practical` ledger entry (once per person and class,
also a database constraint). A later "retry" does not take the credit back: an
administrator reverses the entry if it was a mistake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.extensions import db
from lms.models import CheckResult, ClassSignup, Person, PracticalCheck, StationClass
from lms.services.classes import events
from lms.services.errors import Invalid


def record_check(
    actor: Person,
    cls: StationClass,
    signup_id: int,
    skill: int,
    result: str,
    now: datetime,
) -> ClassSignup:
    row = db.session.get(ClassSignup, signup_id)
    if row is None or row.class_id != cls.id or row.present_at is None:
        raise Invalid(_l("Only attendees marked present can be checked."))
    if not 0 <= skill < len(cls.skills) or result not in set(CheckResult):
        raise Invalid(_l("Choose a skill and pass or retry."))
    check = db.session.scalar(
        select(PracticalCheck).where(
            PracticalCheck.signup_id == row.id, PracticalCheck.skill == skill
        )
    )
    if check is None:
        check = PracticalCheck(signup_id=row.id, skill=skill)
        db.session.add(check)
    check.result, check.checked_by, check.checked_at = result, actor.id, now
    db.session.flush()
    if row.passed_at is None and has_passed(cls, row):
        row.passed_at = now
        db.session.flush()
        events.practical_passed.send(row.person, station_class=cls, now=now)
    return row


def results(row: ClassSignup) -> dict[int, str]:
    query = select(PracticalCheck).where(PracticalCheck.signup_id == row.id)
    return {c.skill: c.result for c in db.session.scalars(query)}


def has_passed(cls: StationClass, row: ClassSignup) -> bool:
    verdicts = results(row)
    return row.present_at is not None and all(
        verdicts.get(i) == CheckResult.PASS for i in range(len(cls.skills))
    )


@dataclass(frozen=True)
class ClassFigures:
    signed_up: int
    present: int
    passed: int

    @property
    def pass_rate(self) -> float:
        return self.passed / self.present if self.present else 0.0


def figures(cls: StationClass, rows: list[ClassSignup]) -> ClassFigures:
    present = [r for r in rows if r.present_at is not None]
    passed = sum(1 for r in present if has_passed(cls, r))
    return ClassFigures(len(rows), len(present), passed)
