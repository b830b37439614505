"""Learner quiz pages: a quiz's start page, taking an attempt (a plain HTML form,
one question per screen when JavaScript is on), and the review after submitting."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user

from lms.extensions import db
from lms.files import media_url
from lms.learner import bp
from lms.learner.quiz_form import answers_from_form
from lms.models import QuizAttempt
from lms.services.assessment import attempts as quiz_attempts
from lms.services.assessment import store as quiz_store
from lms.services.catalogue import browse as catalogue
from lms.services.learning import journey


def local_time(moment: datetime | None) -> str:
    """A UTC time as the learner's wall clock shows it (the instance's time zone)."""
    if moment is None:
        return ""
    zone = ZoneInfo(current_app.config["LMS_TIMEZONE"])
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _questions(attempt: QuizAttempt) -> list[dict]:
    resolve = quiz_store.asset_resolver(attempt.lesson, media_url)
    return quiz_attempts.questions(attempt, resolve)


@bp.get("/lessons/<int:lesson_id>/quiz")
def quiz(lesson_id: int):
    lesson = catalogue.get_lesson(lesson_id)
    info = quiz_attempts.overview(current_user, lesson)
    return render_template(
        "learner/quiz.html", lesson=lesson, info=info, local_time=local_time
    )


@bp.post("/lessons/<int:lesson_id>/quiz")
def start_quiz(lesson_id: int):
    lesson = catalogue.get_lesson(lesson_id)
    attempt, _created = quiz_attempts.start_attempt(current_user, lesson)
    db.session.commit()
    return redirect(url_for("learner.quiz_attempt", attempt_id=attempt.id))


@bp.get("/quiz/attempts/<int:attempt_id>")
def quiz_attempt(attempt_id: int):
    attempt = quiz_attempts.get_attempt(current_user, attempt_id)
    if attempt.submitted_at:
        return _review(attempt)
    return render_template(
        "learner/quiz_take.html",
        attempt=attempt,
        lesson=attempt.lesson,
        questions=_questions(attempt),
        local_time=local_time,
    )


def _review(attempt: QuizAttempt):
    """The review: after a failed attempt the wrong answers come first; after a pass,
    the reward (or what the lesson still needs)."""
    lesson = attempt.lesson
    numbered = list(enumerate(_questions(attempt), start=1))
    if not attempt.is_passed:
        numbered.sort(key=lambda pair: attempt.results[pair[1]["id"]]["correct"])
    row = catalogue.progress_by_lesson(current_user, [lesson.id]).get(lesson.id)
    completed = bool(row and row.completed_at)
    return render_template(
        "learner/quiz_review.html",
        attempt=attempt,
        lesson=lesson,
        numbered=numbered,
        local_time=local_time,
        steps=journey.checklist(lesson, row),
        reward_hours=lesson.credit_hours if attempt.is_passed and completed else None,
        next_lesson=journey.next_in_course(current_user, lesson),
    )


@bp.post("/quiz/attempts/<int:attempt_id>")
def submit_quiz(attempt_id: int):
    attempt = quiz_attempts.get_attempt(current_user, attempt_id)
    if attempt.submitted_at is None:  # a second tap on "submit" just shows the review
        answers = answers_from_form(quiz_attempts.questions(attempt), request.form)
        resolve = quiz_store.asset_resolver(attempt.lesson, media_url)
        quiz_attempts.submit_attempt(
            current_user, attempt, answers, resolve_url=resolve
        )
        db.session.commit()
    return redirect(url_for("learner.quiz_attempt", attempt_id=attempt.id))
