"""Awarding credit hours: a claim per completion (once, by database constraint), issued
to the append-only ledger at once or, past the daily cap, on the following days (by
the next claim, or by the daily task `lms.tasks.issue_due_credits`); reversals."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.models import (
    Certificate,
    Course,
    CreditAudit,
    CreditClaim,
    CreditEntry,
    CreditKind,
    Lesson,
    Person,
)
from lms.services.credits import events
from lms.services.errors import Conflict, Invalid, NotFound

LEDGER_LOCK = 7_240_001  # PostgreSQL advisory lock: seq order = commit order


def local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(current_app.config["LMS_TIMEZONE"])).date()


def award_lesson(
    person: Person, lesson: Lesson, now: datetime, period: int = 0
) -> CreditEntry | None:
    """Credit a completed lesson, once per person, lesson and renewal `period`."""
    claim = CreditClaim(
        person_id=person.id,
        kind=CreditKind.LESSON,
        course_id=lesson.course_id,
        lesson_id=lesson.id,
        lesson_version=lesson.version,
        period=period,
        credit_hours=lesson.credit_hours,
        title=lesson.title,
        course_code=lesson.course.code,
        lesson_code=lesson.code,
        org_code=_org_code(person),
        earned_at=now,
    )
    return _claim(person, claim, now)


def award_course(person: Person, course: Course, now: datetime) -> CreditEntry | None:
    if not course.bonus_credit_hours:
        return None
    claim = CreditClaim(
        person_id=person.id,
        kind=CreditKind.COURSE,
        course_id=course.id,
        credit_hours=course.bonus_credit_hours,
        title=course.title,
        course_code=course.code,
        org_code=_org_code(person),
        earned_at=now,
    )
    return _claim(person, claim, now)


def award_practical(
    person: Person, station_class, now: datetime, period: int = 0
) -> CreditEntry | None:
    """Credit a passed station class (kind `practical`), once per person and class;
    the entry names the class in `title` and carries its course's code."""
    claim = CreditClaim(
        person_id=person.id,
        kind=CreditKind.PRACTICAL,
        course_id=station_class.course_id,
        station_class_id=station_class.id,
        period=period,
        credit_hours=station_class.credit_hours,
        title=_practical_title(station_class),
        course_code=station_class.course.code,
        org_code=_org_code(person),
        earned_at=now,
    )
    return _claim(person, claim, now)


def _practical_title(station_class) -> str:
    day = local_day(station_class.starts_at).isoformat()
    return f"线下实操课：{station_class.title}（{station_class.station.name}，{day}）"[
        :200
    ]


def _org_code(person: Person) -> str | None:
    return person.organisation.code if person.organisation else None


def _claim(person: Person, claim: CreditClaim, now: datetime) -> CreditEntry | None:
    """Store the claim unless one exists (then nothing happens); issue what the cap allows."""
    try:
        with db.session.begin_nested():
            db.session.add(claim)
    except IntegrityError:
        return None
    issued = issue_due(person, now)
    return next((e for e in issued if e.claim_id == claim.id), None)


def issue_due(person: Person, now: datetime) -> list[CreditEntry]:
    """Turn the person's pending claims into ledger entries, oldest first, while today's
    issued hours stay within LMS_DAILY_CREDIT_HOURS (unset: no cap)."""
    cap = current_app.config.get("LMS_DAILY_CREDIT_HOURS")
    today = local_day(now)
    pending = db.session.scalars(
        select(CreditClaim)
        .where(CreditClaim.person_id == person.id, CreditClaim.issued_on.is_(None))
        .order_by(CreditClaim.earned_at, CreditClaim.id)
    ).all()
    used = _issued_hours(person, today) if cap is not None else Decimal("0")
    issued = []
    for claim in pending:
        if cap is not None and used > 0 and used + claim.credit_hours > cap:
            break
        used += claim.credit_hours
        issued.append(_issue(claim, today))
    return issued


def people_with_due_claims() -> list[Person]:
    """Everyone with a claim the daily cap has held back (oldest account first)."""
    waiting = select(CreditClaim.person_id).where(CreditClaim.issued_on.is_(None))
    query = select(Person).where(Person.id.in_(waiting)).order_by(Person.id)
    return list(db.session.scalars(query))


def _issued_hours(person: Person, day: date) -> Decimal:
    total = db.session.scalar(
        select(func.coalesce(func.sum(CreditClaim.credit_hours), 0)).where(
            CreditClaim.person_id == person.id, CreditClaim.issued_on == day
        )
    )
    return Decimal(str(total))


def _issue(claim: CreditClaim, day: date) -> CreditEntry:
    lock_ledger()
    claim.issued_on = day
    entry = CreditEntry(
        id=str(uuid.uuid4()),
        claim_id=claim.id,
        person_pk=claim.person_id,
        person_id=claim.person.person_id,
        kind=claim.kind,
        credit_hours=claim.credit_hours,
        course_code=claim.course_code,
        lesson_code=claim.lesson_code,
        title=claim.title,
        earned_at=claim.earned_at,
        org_code=claim.org_code,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def lock_ledger() -> None:
    """Serialise ledger writers on PostgreSQL, so entries commit in `seq` order and a
    reader of the feed never skips an entry that commits late (SQLite is serial already)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LEDGER_LOCK})


def person_credits(person: Person) -> list[CreditEntry]:
    query = select(CreditEntry).where(CreditEntry.person_pk == person.id)
    return list(db.session.scalars(query.order_by(CreditEntry.seq.desc())))


def lesson_entry(person_pk: int, lesson_id: int) -> CreditEntry | None:
    """The entry issued for the person's claim on the lesson (None until issued)."""
    return db.session.scalar(
        select(CreditEntry)
        .join(CreditClaim, CreditClaim.id == CreditEntry.claim_id)
        .where(
            CreditClaim.person_id == person_pk,
            CreditClaim.lesson_id == lesson_id,
            CreditClaim.kind == CreditKind.LESSON,
        )
    )


def total_hours(entries: list[CreditEntry]) -> Decimal:
    return sum((e.credit_hours for e in entries), Decimal("0"))


def reverse_entry(
    admin: Person, entry_id: str, reason: str, now: datetime
) -> CreditEntry:
    """Cancel an entry with a new `reversal` entry (never an edit), audit it, revoke
    its course's certificate, and announce it (`events.credit_reversed`)."""
    reason = _reason(reason)
    original = _reversible(entry_id)
    reversal = _reversal_of(original, now)
    db.session.add(reversal)
    audit(admin, "reverse", reason, now, entry_id=entry_id)
    _revoke_certificate(original, now)
    db.session.flush()
    events.credit_reversed.send(reversal)
    return reversal


def _reason(text: str | None) -> str:
    reason = (text or "").strip()
    if len(reason) < 4:
        raise Invalid(_l("Give a reason for the reversal."), code="reason_required")
    return reason


def _reversible(entry_id: str) -> CreditEntry:
    """The entry to reverse, checked under the ledger lock: 404 for no such entry (or a
    reversal), 409 when it was reversed already."""
    original = db.session.scalar(select(CreditEntry).where(CreditEntry.id == entry_id))
    if original is None or original.kind == CreditKind.REVERSAL:
        raise NotFound(_l("No such credit entry."))
    lock_ledger()
    if db.session.scalar(
        select(CreditEntry.seq).where(CreditEntry.reverses == entry_id)
    ):
        raise Conflict(
            _l("This entry has already been reversed."), code="already_reversed"
        )
    return original


def _reversal_of(original: CreditEntry, now: datetime) -> CreditEntry:
    """The entry that cancels `original`: the same lines, negative hours, dated now."""
    return CreditEntry(
        id=str(uuid.uuid4()),
        person_pk=original.person_pk,
        person_id=original.person_id,
        kind=CreditKind.REVERSAL,
        reverses=original.id,
        credit_hours=-original.credit_hours,
        course_code=original.course_code,
        lesson_code=original.lesson_code,
        title=original.title,
        earned_at=now,
        org_code=original.org_code,
    )


def _revoke_certificate(entry: CreditEntry, now: datetime) -> None:
    """The course certificate of a reversed entry no longer tells the truth: it is
    revoked (kept, and shown as revoked to whoever checks it)."""
    course_id = select(Course.id).where(Course.code == entry.course_code)
    db.session.execute(
        update(Certificate)
        .where(
            Certificate.person_id == entry.person_pk,
            Certificate.course_id == course_id.scalar_subquery(),
            Certificate.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )


def audit(
    admin: Person | None, action: str, reason: str, now: datetime, entry_id=None
) -> None:
    """One line of the ledger's audit log: who did what by hand, to which entry, why
    (`admin` None: an operator on the command line)."""
    actor_id = admin.id if admin is not None else None
    db.session.add(
        CreditAudit(
            actor_id=actor_id, action=action, entry_id=entry_id, reason=reason, at=now
        )
    )
