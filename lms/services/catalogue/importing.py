"""Importing course folders into the database: idempotent, all or nothing per course."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from sqlalchemy import select

from courses.spec import CourseSpec, LessonSpec
from lms.extensions import db
from lms.models import Course, CourseStatus, Lesson, LessonProgress, Organisation
from lms.services.assessment import store as quiz_store
from lms.services.catalogue import search_index


def import_course(spec: CourseSpec, media_root: Path) -> Course:
    """Create or update the course from a validated spec; copy its images.

    A second import of the same folder updates in place; a lesson's `version` grows
    only when what a learner sees of it changed.
    """
    course = db.session.scalar(select(Course).where(Course.code == spec.code))
    if course is None:
        course = Course(code=spec.code)
        db.session.add(course)
    course.title, course.topic, course.summary = spec.title, spec.topic, spec.summary
    course.bonus_credit_hours = spec.bonus_credit_hours
    renewal = spec.renewal
    course.validity_months = renewal.valid_months if renewal else None
    course.refresher_lessons = list(renewal.refresher_lessons) if renewal else []
    course.refresher_by_class = bool(renewal and renewal.refresher_by_class)
    course.status = CourseStatus.PUBLISHED
    if spec.school:
        course.school = db.session.scalar(
            select(Organisation).where(Organisation.code == spec.school)
        )
    _sync_lessons(course, spec.lessons)
    db.session.flush()
    copy_assets(spec, media_root)
    search_index.reindex_course(course)
    return course


def _sync_lessons(course: Course, specs: tuple[LessonSpec, ...]) -> None:
    existing = {lesson.code: lesson for lesson in course.lessons}
    for position, spec in enumerate(specs, start=1):
        lesson = existing.pop(spec.code, None)
        if lesson is None:
            lesson = Lesson(code=spec.code, version=0)
            course.lessons.append(lesson)
        _apply(lesson, spec, position)
        quiz_store.attach_quiz(lesson, spec.quiz)
    for leftover in existing.values():
        if not _has_progress(leftover):
            course.lessons.remove(leftover)


def _apply(lesson: Lesson, spec: LessonSpec, position: int) -> None:
    sources = [{"title": s.title, "url": s.url} for s in spec.sources]
    seen = (
        spec.title,
        spec.guide_md,
        int(spec.duration_min * 60),
        spec.credit_hours,
        sources,
    )
    before = (
        lesson.title,
        lesson.guide_md,
        lesson.duration_s,
        lesson.credit_hours,
        lesson.sources,
    )
    if seen != before:
        lesson.version = (lesson.version or 0) + 1
    lesson.title, lesson.guide_md, lesson.duration_s = (
        spec.title,
        spec.guide_md,
        seen[2],
    )
    lesson.credit_hours, lesson.sources, lesson.position = (
        spec.credit_hours,
        sources,
        position,
    )


def apply_lesson(lesson: Lesson, spec: LessonSpec, position: int) -> None:
    """The import's rule for one lesson, also used by the studio's publish."""
    _apply(lesson, spec, position)


def _has_progress(lesson: Lesson) -> bool:
    if lesson.id is None:
        return False
    query = (
        select(LessonProgress.id).where(LessonProgress.lesson_id == lesson.id).limit(1)
    )
    return db.session.scalar(query) is not None


def copy_assets(spec: CourseSpec, media_root: Path) -> None:
    """Replace the course's published images with the folder's, in one rename."""
    source = spec.path / "images"
    target = media_root / "courses" / spec.code / "images"
    if not source.is_dir():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".images-", dir=target.parent))
    shutil.copytree(source, staging, dirs_exist_ok=True)
    if target.exists():
        old = target.with_name(f".old-{staging.name}")
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(target)
