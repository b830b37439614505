"""Reading the catalogue as a learner sees it: published courses, lessons, progress."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from html import escape

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from courses.render import render_markdown
from lms.extensions import db
from lms.models import Course, CourseStatus, Lesson, LessonProgress, Person
from lms.services.errors import NotFound
from lms.services.lookup import NO_LESSON, int_id


def published_courses(topic: str | None = None) -> list[Course]:
    query = select(Course).where(Course.status == CourseStatus.PUBLISHED)
    if topic:
        query = query.where(Course.topic == topic)
    return list(db.session.scalars(query.order_by(Course.id)))


def get_course(course_id: int | str) -> Course:
    course = db.session.get(Course, int_id(course_id))
    if course is None or course.status != CourseStatus.PUBLISHED:
        raise NotFound(_l("This course does not exist."))
    return course


# Built once: most learner calls look a lesson up (the progress heartbeat has its own
# cheaper lookup, `progress_store.published_lesson`).
_LESSON = (
    select(Lesson)
    .options(joinedload(Lesson.course))
    .where(Lesson.id == bindparam("lesson_id"))
)


def get_lesson(lesson_id: int | str) -> Lesson:
    lesson = db.session.scalar(_LESSON, {"lesson_id": int_id(lesson_id)})
    if lesson is None or lesson.course.status != CourseStatus.PUBLISHED:
        raise NotFound(NO_LESSON)
    return lesson


def completed_counts(person: Person, course_ids: list[int]) -> dict[int, int]:
    """Completed lessons per course for one person, in one query."""
    query = (
        select(Lesson.course_id, func.count())
        .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
        .where(
            LessonProgress.person_id == person.id,
            LessonProgress.completed_at.is_not(None),
        )
        .where(Lesson.course_id.in_(course_ids))
        .group_by(Lesson.course_id)
    )
    return dict(db.session.execute(query).all())


def progress_by_lesson(
    person: Person, lesson_ids: list[int]
) -> dict[int, LessonProgress]:
    query = select(LessonProgress).where(
        LessonProgress.person_id == person.id, LessonProgress.lesson_id.in_(lesson_ids)
    )
    return {p.lesson_id: p for p in db.session.scalars(query)}


# Rendered guides by (lesson id, version, course code, media base, text hash): a
# lesson's HTML is made once per version in each process, not on every view (the hash,
# microseconds, guards against a database restored under the same versions).
_RENDERED: dict[tuple, str] = {}
MAX_RENDERED = 2000


def guide_html(lesson: Lesson, media_url: Callable[[str], str]) -> str:
    """The lesson's guide as sanitised HTML, images pointing at the published copies,
    followed by its sources."""
    base = f"courses/{lesson.course.code}/lessons"
    version = getattr(lesson, "version", None)  # a studio draft has none: not kept
    key = (lesson.id, version, lesson.course.code, media_url(""), hash(lesson.guide_md))
    key = key if version else None
    html = _RENDERED.get(key) if key else None
    if html is None:

        def resolve(url: str) -> str:
            return media_url(posixpath.normpath(posixpath.join(base, url)))

        html = render_markdown(lesson.guide_md, resolve_url=resolve)
        if key:
            if len(_RENDERED) >= MAX_RENDERED:
                _RENDERED.pop(next(iter(_RENDERED)))
            _RENDERED[key] = html
    return html + _sources_html(lesson)


def _sources_html(lesson: Lesson) -> str:
    if not lesson.sources:
        return ""
    items = []
    for source in lesson.sources:
        title = escape(source["title"])
        url = source.get("url")
        if url and url.startswith(("http://", "https://")):
            title = f'<a href="{escape(url)}" rel="noopener noreferrer">{title}</a>'
        items.append(f"<li>{title}</li>")
    heading = escape(str(_l("Sources")))
    return f'<section class="sources"><h2>{heading}</h2><ul>{"".join(items)}</ul></section>'
