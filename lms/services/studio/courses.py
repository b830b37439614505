"""Trainers' courses: creating, editing, publishing and ordering lessons.

Access: a trainer edits only courses of their own school, an admin every course; any
other course answers 404, as if it did not exist (`video_access.can_edit` is the rule).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from courses.spec import CODE_RE, TOPICS
from lms.extensions import db
from lms.models import Course, CourseStatus, Lesson, LessonDraft, Person, Role
from lms.services.catalogue import search_index
from lms.services.errors import Invalid, NotFound
from lms.services.studio import audit as studio_audit
from lms.services.video.access import can_edit, editable_courses

__all__ = ["editable_courses"]


@dataclass
class Item:
    """One row of a course's lesson list: the published lesson and/or its draft."""

    code: str
    position: int
    lesson: Lesson | None
    draft: LessonDraft | None

    @property
    def title(self) -> str:
        return (self.draft or self.lesson).title


def editable_course(actor: Person, course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None or not can_edit(actor, course):
        raise NotFound(_l("This course does not exist."))
    return course


def readable_course(actor: Person, course_id: int) -> Course:
    """A course the trainer may look at: their own, or one of the shipped library
    (no school). Its insight and a copy are open to them; editing is not."""
    course = db.session.get(Course, course_id)
    if course is None or not (course.school_id is None or can_edit(actor, course)):
        raise NotFound(_l("This course does not exist."))
    return course


def library(actor: Person) -> list[Course]:
    """The shipped courses (no school) a trainer may read and copy, but not edit."""
    query = select(Course).where(Course.school_id.is_(None)).order_by(Course.code)
    return [c for c in db.session.scalars(query) if not can_edit(actor, c)]


def create_course(
    actor: Person, title: str, topic: str, summary: str, code=""
) -> Course:
    code = (code or "").strip().lower() or f"course-{secrets.token_hex(3)}"
    _check(code, topic)
    if db.session.scalar(select(Course.id).where(Course.code == code)):
        raise Invalid(_l("The code “%(code)s” is taken; choose another.", code=code))
    school = None if actor.has_role(Role.ADMIN) else actor.organisation_id
    course = Course(
        code=code, title=title.strip(), topic=topic, summary=summary.strip()
    )
    course.school_id, course.status = school, CourseStatus.DRAFT
    db.session.add(course)
    db.session.flush()
    studio_audit.record(actor, "course_create", course, title=course.title)
    return course


def update_course(actor: Person, course: Course, title: str, topic: str, summary: str):
    _check(course.code, topic)
    before = (course.title, course.topic, course.summary)
    course.title, course.topic, course.summary = title.strip(), topic, summary.strip()
    studio_audit.record(actor, "course_edit", course, before=before)


def set_published(actor: Person, course: Course, published: bool) -> None:
    if published and not course.lessons:
        raise Invalid(_l("Publish at least one lesson before publishing the course."))
    course.status = CourseStatus.PUBLISHED if published else CourseStatus.DRAFT
    studio_audit.record(actor, "course_status", course, status=course.status)
    db.session.flush()
    search_index.reindex_course(course)


def _check(code: str, topic: str) -> None:
    if not CODE_RE.match(code):
        raise Invalid(_l("The code may use only lowercase letters, digits and dashes."))
    if topic not in TOPICS:
        raise Invalid(_l("Choose a topic from the list."))


def items(course: Course) -> list[Item]:
    """Published lessons and lessons still only drafts, in course order."""
    drafts = db.session.scalars(
        select(LessonDraft).where(LessonDraft.course_id == course.id)
    ).all()
    by_lesson = {d.lesson_id: d for d in drafts if d.lesson_id}
    rows = [Item(x.code, x.position, x, by_lesson.get(x.id)) for x in course.lessons]
    rows += [Item(d.code, d.position, None, d) for d in drafts if d.lesson_id is None]
    return sorted(rows, key=lambda r: (r.position, r.code))


def move_lesson(actor: Person, course: Course, code: str, step: int) -> None:
    """Move a lesson one place up (step -1) or down (+1); renumber every position."""
    rows = items(course)
    index = next((i for i, r in enumerate(rows) if r.code == code), None)
    if index is None:
        raise NotFound(_l("This lesson does not exist."))
    target = min(max(index + step, 0), len(rows) - 1)
    rows.insert(target, rows.pop(index))
    for position, row in enumerate(rows, start=1):
        for obj in (row.lesson, row.draft):
            if obj is not None:
                obj.position = position
    studio_audit.record(actor, "lesson_move", course, code, to=target + 1)
