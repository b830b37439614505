"""Lesson drafts: writing, checking, previewing and publishing a lesson.

Workers keep seeing the published `Lesson` while its `LessonDraft` is edited. Publishing
checks the draft as a lesson file (`courses.loader`, the same rules as `courses check`),
then applies it the way a course import does: version + 1 when the content changed,
the quiz stored as a new version when it changed. Credits and attempts keep their own
versions (DESIGN rule 4), so nothing already earned changes.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

import quizzes
from courses.check import quiz_checker
from courses.loader import load_lesson
from courses.spec import (
    MAX_DURATION_MIN,
    MAX_GUIDE_BYTES,
    LessonSpec,
    Problem,
    guide_too_long,
    split_front_matter,
)
from lms.extensions import db
from lms.models import Course, Lesson, LessonDraft, Person
from lms.services.assessment import store as quiz_store
from lms.services.catalogue import search_index
from lms.services.catalogue.importing import apply_lesson
from lms.services.errors import Invalid, NotFound
from lms.services.studio import audit as studio_audit
from lms.services.studio import courses as studio_courses
from lms.services.studio import files as studio_files
from lms.services.studio.files import LessonContent


def get_draft(actor: Person, draft_id: int) -> LessonDraft:
    draft = db.session.get(LessonDraft, draft_id)
    if draft is None:
        raise NotFound(_l("This lesson does not exist."))
    studio_courses.editable_course(actor, draft.course_id)
    return draft


def new_draft(actor: Person, course: Course, title: str) -> LessonDraft:
    taken = {row.code for row in studio_courses.items(course)}
    number = len(taken) + 1
    while f"lesson-{number}" in taken:
        number += 1
    draft = LessonDraft(
        course_id=course.id,
        code=f"lesson-{number}",
        position=number,
        title=title.strip(),
        guide_md="",
        sources=[],
        quiz_text="",
    )
    db.session.add(draft)
    db.session.flush()
    studio_audit.record(actor, "lesson_create", course, draft.code, title=title)
    return draft


def draft_of(actor: Person, lesson_id: int) -> LessonDraft:
    """The draft of a published lesson, started from what workers see now."""
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound(_l("This lesson does not exist."))
    studio_courses.editable_course(actor, lesson.course_id)
    draft = db.session.scalar(
        select(LessonDraft).where(LessonDraft.lesson_id == lesson.id)
    )
    if draft is None:
        content = published_content(lesson)
        draft = LessonDraft(
            course_id=lesson.course_id,
            lesson_id=lesson.id,
            position=lesson.position,
            **{k: getattr(content, k) for k in LessonContent.__dataclass_fields__},
        )
        db.session.add(draft)
        db.session.flush()
    return draft


def published_content(lesson: Lesson) -> LessonContent:
    quiz = quiz_store.quiz_of(lesson) if lesson.has_quiz else None
    version = quiz_store.current_version(quiz) if quiz is not None else None
    return LessonContent(
        code=lesson.code,
        title=lesson.title,
        duration_min=lesson.duration_s / 60,
        credit_hours=lesson.credit_hours,
        guide_md=lesson.guide_md,
        sources=list(lesson.sources or []),
        quiz_text=version.source_yaml if version else "",
        quiz_format="yaml",
    )


def save_draft(actor: Person, draft: LessonDraft, fields: dict) -> None:
    """Store the form's fields on the draft (title, duration_min, credit_hours,
    guide_md, sources); nothing workers see changes."""
    check_guide_size(fields.get("guide_md") or "")
    for key, value in fields.items():
        setattr(draft, key, value)
    studio_audit.record(actor, "lesson_edit", draft.course, draft.code)


def check_guide_size(guide_md: str) -> None:
    if guide_too_long(guide_md):
        raise Invalid(
            _l(
                "The guide is longer than %(kb)s KB. Split it into several lessons.",
                kb=MAX_GUIDE_BYTES // 1000,
            ),
            code="guide_too_long",
        )


def duration_warning(draft: LessonDraft):
    if draft.duration_min >= MAX_DURATION_MIN:
        return _l(
            "This lesson is %(min)s minutes long. A micro-lesson must be under "
            "%(max)s minutes: split it in two before publishing.",
            min=f"{draft.duration_min:g}",
            max=MAX_DURATION_MIN,
        )
    return None


def check_quiz(text: str, fmt: str, title: str = "") -> quizzes.Quiz:
    """The pasted quiz, or Invalid naming the line and column of the first error."""
    try:
        if fmt == "yaml":
            return quizzes.load_yaml(text)
        return quizzes.load_gift(text, "", title or "quiz").quiz
    except (quizzes.QuizFormatError, ValueError) as exc:
        where = (
            _l(
                "line %(line)s, column %(col)s: ",
                line=getattr(exc, "line", 0),
                col=getattr(exc, "column", 0),
            )
            if getattr(exc, "line", 0)
            else ""
        )
        message = getattr(exc, "message", str(exc))
        raise Invalid(
            f"{_l('The quiz could not be read')} — {where}{message}",
            code="quiz_invalid",
            details={
                "line": getattr(exc, "line", 0),
                "column": getattr(exc, "column", 0),
            },
        ) from None


def save_quiz(actor: Person, draft: LessonDraft, text: str, fmt: str) -> None:
    """Store a quiz on the draft after it parsed; an empty text removes the quiz."""
    if fmt not in studio_files.QUIZ_SUFFIX:
        raise Invalid(_l("Choose GIFT or YAML."))
    if text.strip():
        check_quiz(text, fmt, draft.title)
    draft.quiz_text, draft.quiz_format = text, fmt
    studio_audit.record(actor, "quiz_edit", draft.course, draft.code, format=fmt)


def draft_content(draft: LessonDraft) -> LessonContent:
    text, fmt = draft.quiz_text, draft.quiz_format
    if text.strip() and fmt == "gift":  # stored as YAML, titled like the lesson
        text, fmt = quizzes.dump_yaml(check_quiz(text, fmt, draft.title)), "yaml"
    return LessonContent(
        code=draft.code,
        title=draft.title,
        duration_min=draft.duration_min,
        credit_hours=Decimal(draft.credit_hours),
        guide_md=draft.guide_md,
        sources=list(draft.sources or []),
        quiz_text=text,
        quiz_format=fmt,
    )


def publish(actor: Person, draft: LessonDraft, images: Path) -> Lesson:
    """Check the draft as a lesson file and apply it to the published lesson."""
    warning = duration_warning(draft)
    if warning:
        raise Invalid(warning, code="too_long")
    with tempfile.TemporaryDirectory(prefix="studio-") as tmp:
        spec = checked_spec(Path(tmp), draft, images)
        lesson = draft.lesson
        if lesson is None:
            lesson = Lesson(code=draft.code, version=0, course_id=draft.course_id)
            draft.course.lessons.append(lesson)
        before = lesson.version
        apply_lesson(lesson, spec, draft.position)
        quiz_store.attach_quiz(lesson, spec.quiz)
        db.session.flush()
    studio_audit.record(
        actor,
        "lesson_publish",
        draft.course,
        draft.code,
        version=lesson.version,
        changed=lesson.version != before,
    )
    db.session.delete(draft)
    search_index.reindex_course(lesson.course)
    return lesson


def checked_spec(folder: Path, draft: LessonDraft, images: Path) -> LessonSpec:
    studio_files.link_images(folder, images)
    stem = f"{draft.position:02d}-{draft.code}"
    path = studio_files.write_lesson(folder, stem, draft_content(draft))
    problems: list[Problem] = []
    spec = load_lesson(path, problems, quiz_checker())
    if problems or spec is None:
        raise Invalid(
            "；".join(_plain(p, path) for p in problems), code="lesson_invalid"
        )
    return spec


def _plain(problem: Problem, path: Path) -> str:
    """A loader problem in the trainer's terms (guide line, not file line)."""
    if problem.path != path:
        return problem.message
    _front, _body, body_line = split_front_matter(path.read_text(encoding="utf-8"))
    if problem.line >= body_line:
        line = problem.line - body_line + 1
        return str(_l("Guide, line %(line)s: %(msg)s", line=line, msg=problem.message))
    return problem.message
