"""The studio's audit log: every change a trainer makes, with who, when and what."""

from __future__ import annotations

from lms.extensions import db
from lms.models import Course, Person, StudioAudit


def record(
    actor: Person, action: str, course: Course | None, lesson_code=None, **detail
) -> StudioAudit:
    """Add one audit row (flushed with the change it describes)."""
    row = StudioAudit(
        actor_id=actor.id,
        course_id=course.id if course is not None else None,
        lesson_code=lesson_code,
        action=action,
        detail={k: str(v) for k, v in detail.items()},
    )
    db.session.add(row)
    return row
