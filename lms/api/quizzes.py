"""Quiz endpoints: `POST /lessons/{id}/quiz/attempts` (start) and
`POST /quiz/attempts/{attempt_id}` (submit once; 409 after that)."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from lms.api import bp, present
from lms.errors import json_object
from lms.extensions import db
from lms.files import media_url
from lms.models import QuizAttempt
from lms.services.assessment import attempts as quiz_attempts
from lms.services.assessment import store as quiz_store
from lms.services.catalogue import browse as catalogue


def attempt_body(attempt: QuizAttempt) -> dict:
    """A started attempt: its questions and nothing that gives an answer away."""
    resolve = quiz_store.asset_resolver(attempt.lesson, media_url)
    deadline = attempt.deadline_at.isoformat() if attempt.deadline_at else None
    return {
        "attempt_id": str(attempt.id),
        "pass_score": quiz_attempts.pass_score(attempt),
        "questions": quiz_attempts.questions(attempt, resolve),
        "started_at": attempt.started_at.isoformat(),
        "deadline_at": deadline,
    }


def outcome_body(outcome: quiz_attempts.Outcome) -> dict:
    attempt = outcome.attempt
    return {
        "score": attempt.score,
        "passed": attempt.is_passed,
        "results": attempt.results,
        "progress": present.progress(attempt.lesson, outcome.progress),
        "credit": present.credit(
            attempt.person_id, attempt.lesson_id, outcome.completed
        ),
    }


@bp.post("/lessons/<lesson_id>/quiz/attempts")
def start_quiz_attempt(lesson_id: str):
    lesson = catalogue.get_lesson(lesson_id)
    attempt, created = quiz_attempts.start_attempt(current_user, lesson)
    db.session.commit()
    return jsonify(attempt_body(attempt)), 201 if created else 200


@bp.post("/quiz/attempts/<attempt_id>")
def submit_quiz_attempt(attempt_id: str):
    attempt = quiz_attempts.get_attempt(current_user, attempt_id)
    body = json_object()
    resolve = quiz_store.asset_resolver(attempt.lesson, media_url)
    outcome = quiz_attempts.submit_attempt(
        current_user, attempt, body.get("answers"), resolve_url=resolve
    )
    db.session.commit()
    return jsonify(outcome_body(outcome))
