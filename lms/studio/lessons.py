"""Studio lesson pages: the Markdown editor with live preview, the worker's-eye preview,
the quiz box and publishing. Every page edits a draft; workers see the published lesson."""

from __future__ import annotations

from types import SimpleNamespace

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

import quizzes
from lms.errors import Invalid, json_object
from lms.extensions import db
from lms.files import media_root, media_url
from lms.models import LessonDraft
from lms.services.catalogue import browse as catalogue
from lms.services.studio import courses as studio_courses
from lms.services.studio import lessons as studio_lessons
from lms.studio import bp
from lms.studio.lesson_form import LessonForm, QuizForm
from lms.writing import begin_writing
from quizzes.key import answer_key


def _actor():
    return current_user._get_current_object()


def _images(draft: LessonDraft):
    return media_root() / "courses" / draft.course.code / "images"


def as_lesson(draft: LessonDraft, guide_md: str | None = None):
    """A draft shaped like a `Lesson` for the learner templates and renderer."""
    return SimpleNamespace(
        id=draft.lesson_id or 0,
        course_id=draft.course_id,
        course=draft.course,
        title=draft.title,
        guide_md=draft.guide_md if guide_md is None else guide_md,
        sources=draft.sources,
        has_quiz=False,
        duration_s=int(draft.duration_min * 60),
        credit_hours=draft.credit_hours,
    )


@bp.post("/courses/<int:course_id>/lessons")
def lesson_new(course_id: int):
    course = studio_courses.editable_course(_actor(), course_id)
    title = (request.form.get("title") or "").strip()[:200]
    if not title:
        raise Invalid(_l("Give the lesson a title."))
    draft = studio_lessons.new_draft(_actor(), course, title)
    db.session.commit()
    return redirect(url_for("studio.draft_edit", draft_id=draft.id))


@bp.get("/lessons/<int:lesson_id>/edit")
def lesson_edit(lesson_id: int):
    begin_writing()  # the first edit starts the draft
    draft = studio_lessons.draft_of(_actor(), lesson_id)
    db.session.commit()
    return redirect(url_for("studio.draft_edit", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>", methods=["GET", "POST"])
def draft_edit(draft_id: int):
    draft = studio_lessons.get_draft(_actor(), draft_id)
    form = LessonForm(obj=draft)
    if request.method == "GET":
        form.load(draft)
    elif form.validate_on_submit():
        studio_lessons.save_draft(_actor(), draft, form.fields())
        db.session.commit()
        return redirect(url_for("studio.draft_edit", draft_id=draft.id, saved=1))
    return _editor(draft, form, status=422 if form.errors else 200)


@bp.post("/drafts/<int:draft_id>/autosave")
def draft_autosave(draft_id: int):
    """The editor's autosave: the same checks as "Save draft", answered in JSON."""
    draft = studio_lessons.get_draft(_actor(), draft_id)
    form = LessonForm()
    if not form.validate():
        message = next(iter(form.errors.values()))[0]
        return jsonify({"error": {"code": "invalid", "message": str(message)}}), 422
    studio_lessons.save_draft(_actor(), draft, form.fields())
    db.session.commit()
    return jsonify({"saved": True})


def _editor(draft, form, error=None, status=200):
    page = render_template(
        "studio/lesson_edit.html",
        draft=draft,
        form=form,
        error=error,
        warning=studio_lessons.duration_warning(draft),
        saved=request.args.get("saved"),
    )
    return page, status


@bp.post("/courses/<int:course_id>/preview")
def guide_preview(course_id: int):
    """The live preview: the guide rendered by the learner page's own renderer."""
    course = studio_courses.editable_course(_actor(), course_id)
    body = json_object()
    markdown = str(body.get("markdown", ""))
    studio_lessons.check_guide_size(markdown)
    draft = LessonDraft(course=course, title="", sources=[], duration_min=0)
    html = catalogue.guide_html(as_lesson(draft, markdown), media_url)
    return jsonify({"html": html})


@bp.get("/drafts/<int:draft_id>/preview")
def draft_preview(draft_id: int):
    draft = studio_lessons.get_draft(_actor(), draft_id)
    lesson = as_lesson(draft)
    return render_template(
        "studio/lesson_preview.html",
        lesson=lesson,
        draft=draft,
        progress=None,
        video=None,
        guide_html=catalogue.guide_html(lesson, media_url),
    )


@bp.post("/drafts/<int:draft_id>/publish")
def draft_publish(draft_id: int):
    draft = studio_lessons.get_draft(_actor(), draft_id)
    if "guide_md" in request.form:  # the editor's "Publish": what is on screen
        form = LessonForm()
        if not form.validate():
            return _editor(draft, form, status=422)
        studio_lessons.save_draft(_actor(), draft, form.fields())
        db.session.commit()
    try:
        lesson = studio_lessons.publish(_actor(), draft, _images(draft))
    except Invalid as exc:
        db.session.rollback()
        draft = studio_lessons.get_draft(_actor(), draft_id)
        form = LessonForm(obj=draft)
        form.load(draft)
        return _editor(draft, form, error=exc.message, status=422)
    db.session.commit()
    flash(_l("“%(title)s” is published: workers see it now.", title=lesson.title))
    return redirect(
        url_for("studio.course", course_id=lesson.course_id, published=lesson.code)
    )


@bp.route("/drafts/<int:draft_id>/quiz", methods=["GET", "POST"])
def draft_quiz(draft_id: int):
    draft = studio_lessons.get_draft(_actor(), draft_id)
    form = QuizForm(text=draft.quiz_text, format=draft.quiz_format)
    error = None
    if form.validate_on_submit():
        try:
            studio_lessons.save_quiz(_actor(), draft, form.text.data, form.format.data)
        except Invalid as exc:
            error = exc
        else:
            db.session.commit()
            return redirect(url_for("studio.draft_quiz", draft_id=draft.id, saved=1))
    return render_template(
        "studio/lesson_quiz.html",
        draft=draft,
        form=form,
        error=error,
        questions=_quiz_preview(draft) if error is None else [],
        keys=_answer_keys(draft) if error is None else {},
        saved=request.args.get("saved"),
    ), (422 if error else 200)


def _answer_keys(draft: LessonDraft) -> dict:
    """Question id -> (its keyed answers, its general feedback), for the trainer."""
    if not draft.quiz_text.strip():
        return {}
    quiz = studio_lessons.check_quiz(draft.quiz_text, draft.quiz_format, draft.title)
    return {q.id: (answer_key(q), q.feedback) for q in quiz.questions}


def _quiz_preview(draft: LessonDraft) -> list[dict]:
    """The saved quiz as a learner's attempt would show it (fixed seed)."""
    if not draft.quiz_text.strip():
        return []
    quiz = studio_lessons.check_quiz(draft.quiz_text, draft.quiz_format, draft.title)
    return quizzes.present_attempt(quiz, 1)
