"""Everything kept about one person, as plain data: profile, lessons, credit entries
and certificates (the JSON download, and the source of the PDF)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from lms.extensions import db
from lms.models import Certificate, CreditEntry, Lesson, LessonProgress, Person


def person_record(person: Person, now: datetime) -> dict:
    return {
        "generated_at": now.isoformat(),
        "profile": _profile(person),
        "lessons": _lessons(person),
        "credits": [e.as_contract() for e in _entries(person)],
        "certificates": _certificates(person),
    }


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _profile(person: Person) -> dict:
    return {
        "person_id": person.person_id,
        "name": person.name,
        "phone": person.phone,
        "platform": person.platform,
        "organisation": person.organisation.name if person.organisation else None,
        "organisation_code": person.organisation.code if person.organisation else None,
        "roles": sorted(str(r) for r in person.roles),
        "created_at": _stamp(person.created_at),
        "privacy_seen_at": _stamp(person.privacy_seen_at),
    }


def _lessons(person: Person) -> list[dict]:
    query = (
        select(LessonProgress, Lesson)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.person_id == person.id)
        .order_by(LessonProgress.first_opened_at)
    )
    return [
        {
            "course": lesson.course.title,
            "lesson": lesson.title,
            "first_opened_at": _stamp(row.first_opened_at),
            "watched_seconds": round(row.watched_seconds or 0, 1),
            "guide_read_at": _stamp(row.guide_read_at),
            "quiz_passed_at": _stamp(row.quiz_passed_at),
            "completed_at": _stamp(row.completed_at),
        }
        for row, lesson in db.session.execute(query)
    ]


def _entries(person: Person) -> list[CreditEntry]:
    query = select(CreditEntry).where(CreditEntry.person_pk == person.id)
    return list(db.session.scalars(query.order_by(CreditEntry.seq)))


def _certificates(person: Person) -> list[dict]:
    query = select(Certificate).where(Certificate.person_id == person.id)
    return [
        {
            "id": cert.id,
            "course": cert.course_title,
            "course_code": cert.course_code,
            "credit_hours": f"{cert.credit_hours:.2f}",
            "holder_name": cert.holder_name,
        }
        for cert in db.session.scalars(query.order_by(Certificate.id))
    ]
