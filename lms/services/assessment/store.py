"""Quiz versions in the database: storing a lesson's quiz file, reading a version back.

A version holds the canonical YAML (`quizzes.dump_yaml`) and its SHA-256; importing
an unchanged file adds nothing, a changed one adds the next version. Attempts keep
the version they were taken with, so old versions are never edited or deleted.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

import quizzes
from lms.extensions import db
from lms.models import Lesson, Quiz, QuizVersion
from lms.services.errors import NotFound


def attach_quiz(lesson: Lesson, path: Path | None) -> QuizVersion | None:
    """Store the quiz file named by the lesson (YAML or GIFT) as a new version when
    its content changed; set `lesson.has_quiz`. Returns the current version."""
    lesson.has_quiz = path is not None
    if path is None:
        return None
    quiz = quizzes.load_file(path).quiz
    text = quizzes.dump_yaml(quiz)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    row = quiz_of(lesson)
    if row is None:
        row = Quiz(lesson=lesson, version=0)
        db.session.add(row)
    current = current_version(row)
    if current is not None and current.content_hash == digest:
        return current
    row.version += 1
    version = QuizVersion(
        quiz=row,
        version=row.version,
        title=quiz.title[:200],
        source_yaml=text,
        content_hash=digest,
        question_count=shown_count(quiz),
        pass_score=quiz.pass_score,
    )
    db.session.add(version)
    return version


def shown_count(quiz: quizzes.Quiz) -> int:
    """How many questions one attempt shows: the draw, or every question."""
    total = len(quiz.questions)
    return quiz.draw if 0 < quiz.draw < total else total


def quiz_of(lesson: Lesson) -> Quiz | None:
    if lesson.id is None:
        return None
    return db.session.scalar(select(Quiz).where(Quiz.lesson_id == lesson.id))


def current_version(quiz: Quiz) -> QuizVersion | None:
    if quiz.id is None:
        return None
    return db.session.scalar(
        select(QuizVersion).where(
            QuizVersion.quiz_id == quiz.id, QuizVersion.version == quiz.version
        )
    )


def lesson_quiz(lesson: Lesson) -> tuple[Quiz, QuizVersion]:
    """The lesson's quiz and its current version, or NotFound."""
    quiz = quiz_of(lesson) if lesson.has_quiz else None
    version = current_version(quiz) if quiz is not None else None
    if quiz is None or version is None:
        raise NotFound(_l("This lesson has no quiz."), code="no_quiz")
    return quiz, version


def quiz_summary(lesson: Lesson) -> dict | None:
    """The learner API's `quiz` field of a lesson: no content, only its size and bar."""
    if not lesson.has_quiz:
        return None
    quiz = quiz_of(lesson)
    version = current_version(quiz) if quiz is not None else None
    if version is None:
        return None
    return {"question_count": version.question_count, "pass_score": version.pass_score}


def load(version: QuizVersion) -> quizzes.Quiz:
    """The engine's quiz of a stored version (parsed once per content)."""
    return _parse(version.content_hash, version.source_yaml)


@lru_cache(maxsize=256)
def _parse(digest: str, text: str) -> quizzes.Quiz:
    return quizzes.load_yaml(text)


def asset_resolver(lesson: Lesson, media_url: Callable[[str], str]):
    """Resolve a quiz's relative picture paths (written beside the lesson files)."""
    return _resolver(lesson.course.code, media_url)


@lru_cache(maxsize=256)
def _resolver(course_code: str, media_url: Callable[[str], str]):
    # One function per course, so the engine's rendering cache keeps working.
    base = f"courses/{course_code}/lessons"

    def resolve(url: str) -> str:
        return media_url(posixpath.normpath(posixpath.join(base, url)))

    return resolve
