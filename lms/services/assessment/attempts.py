"""Taking a quiz (learner-api.md, "Quizzes"): starting an attempt within the attempt
limit and cool-down, submitting it once within the time limit, and passing it, which
may complete the lesson through the one completion rule."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

import quizzes
from lms.extensions import db
from lms.models import (
    Lesson,
    LessonProgress,
    Person,
    Quiz,
    QuizAttempt,
    QuizVersion,
)
from lms.models.base import utcnow
from lms.services.assessment import store as quiz_store
from lms.services.errors import Conflict, Invalid, NotFound
from lms.services.learning import completion, progress
from lms.services.lookup import int_id
from lms.services.xapi import record as xapi

SEED_LIMIT = 2**31  # fits a 32-bit integer column on every database


@dataclass(frozen=True)
class Outcome:
    """What a submission changed: the graded attempt, the lesson progress, and
    whether the lesson completed with it."""

    attempt: QuizAttempt
    progress: LessonProgress
    completed: bool


@dataclass(frozen=True)
class Overview:
    """A learner's standing on a lesson's quiz, for the quiz's start page."""

    quiz: quizzes.Quiz
    version: QuizVersion
    attempts: list[QuizAttempt]
    open_attempt: QuizAttempt | None
    refusal: Conflict | None  # why no attempt may start now (None: one may)


def get_attempt(person: Person, attempt_id: int | str) -> QuizAttempt:
    """The person's own attempt; anyone else's is reported as missing (404)."""
    attempt = db.session.get(QuizAttempt, int_id(attempt_id))
    if attempt is None or attempt.person_id != person.id:
        raise NotFound(_l("This quiz attempt does not exist."))
    return attempt


def overview(person: Person, lesson: Lesson, now: datetime | None = None) -> Overview:
    now = now or utcnow()
    row, version = quiz_store.lesson_quiz(lesson)
    quiz = quiz_store.load(version)
    attempts = _attempts(person, row)
    decision = quizzes.may_start_attempt(quiz, [a.started_at for a in attempts], now)
    resumable = _resumable(attempts, version, quiz, now)
    refused = None if decision.allowed else refusal(quiz, decision, now)
    return Overview(quiz, version, attempts, resumable, refused)


def start_attempt(
    person: Person, lesson: Lesson, now: datetime | None = None
) -> tuple[QuizAttempt, bool]:
    """A new attempt on the current version, or the open one still in time (so a
    reload costs no attempt). Returns (attempt, created). Refused (409) past the
    attempt limit or within the cool-down."""
    now = now or utcnow()
    row, version = quiz_store.lesson_quiz(lesson)
    progress.locked_row(person, lesson, now)  # one start at a time
    quiz = quiz_store.load(version)
    attempts = _attempts(person, row)
    resumable = _resumable(attempts, version, quiz, now)
    if resumable is not None:
        return resumable, False
    decision = quizzes.may_start_attempt(quiz, [a.started_at for a in attempts], now)
    if not decision.allowed:
        raise refusal(quiz, decision, now)
    attempt = QuizAttempt(
        person_id=person.id,
        quiz_id=row.id,
        quiz_version_id=version.id,
        lesson_id=lesson.id,
        seed=secrets.randbelow(SEED_LIMIT),
        started_at=now,
        deadline_at=quizzes.attempt_deadline(quiz, now),
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt, True


def _attempts(person: Person, quiz: Quiz) -> list[QuizAttempt]:
    query = (
        select(QuizAttempt)
        .where(QuizAttempt.person_id == person.id, QuizAttempt.quiz_id == quiz.id)
        .order_by(QuizAttempt.started_at, QuizAttempt.id)
    )
    return list(db.session.scalars(query))


def _resumable(
    attempts: list[QuizAttempt], version: QuizVersion, quiz: quizzes.Quiz, now
) -> QuizAttempt | None:
    for attempt in reversed(attempts):
        if (
            attempt.submitted_at is None
            and attempt.quiz_version_id == version.id
            and quizzes.is_in_time(quiz, attempt.started_at, now, grace_seconds=0)
        ):
            return attempt
    return None


def refusal(quiz: quizzes.Quiz, decision: quizzes.AttemptDecision, now) -> Conflict:
    """The learner-facing reason a new attempt may not start yet."""
    if decision.retry_at is None:
        message = _l(
            "This quiz allows %(n)s attempts and you have used them all.",
            n=quiz.max_attempts,
        )
        return Conflict(message, code="attempts_used_up")
    wait = max(1, math.ceil((decision.retry_at - now).total_seconds() / 60))
    message = _l(
        "Please wait %(wait)s more minutes: attempts must be %(gap)s minutes apart.",
        wait=wait,
        gap=f"{quiz.cooldown_minutes:g}",
    )
    return Conflict(message, code="cooling_down")


def questions(attempt: QuizAttempt, resolve_url=None) -> list[dict]:
    """The attempt's questions as the learner API gives them (no answers)."""
    quiz = quiz_store.load(attempt.quiz_version)
    return quizzes.present_attempt(quiz, attempt.seed, resolve_url)


def pass_score(attempt: QuizAttempt) -> float:
    return attempt.quiz_version.pass_score


def submit_attempt(
    person: Person,
    attempt: QuizAttempt,
    answers,
    now: datetime | None = None,
    resolve_url=None,
) -> Outcome:
    """Grade the attempt against its own version and seed, once; on a pass record
    it and complete the lesson if the completion rule now holds."""
    now = now or utcnow()
    if attempt.submitted_at is not None:
        raise _already_submitted()
    quiz = quiz_store.load(attempt.quiz_version)
    if not quizzes.is_in_time(quiz, attempt.started_at, now):
        raise _time_up(quiz)
    graded = _grade(quiz, attempt, answers, resolve_url)
    _claim(attempt, now)
    _record(
        attempt, answers, graded, quizzes.chosen_options(quiz, attempt.seed, answers)
    )
    lesson = attempt.lesson
    xapi.record_quiz_result(
        person, lesson, attempt.score, attempt.is_passed, attempt.id, now
    )
    row = progress.locked_row(person, lesson, now)
    completed = False
    if attempt.is_passed:
        row.quiz_passed_at = row.quiz_passed_at or now
        row.updated_at = now
        db.session.flush()
        completed = completion.complete_if_done(person, lesson, row, now)
    return Outcome(attempt, row, completed)


def _grade(quiz: quizzes.Quiz, attempt: QuizAttempt, answers, resolve_url) -> dict:
    try:
        return quizzes.grade_attempt(quiz, attempt.seed, answers, resolve_url)
    except quizzes.AnswerError as exc:
        raise Invalid(exc.message, code="invalid_answer") from exc
    except OverflowError as exc:  # a JSON integer too large for a float
        message = _l("A number in the answers is too large.")
        raise Invalid(message, code="invalid_answer") from exc


def _claim(attempt: QuizAttempt, now: datetime) -> None:
    """Mark the attempt submitted unless another request already did (409). The
    conditional UPDATE is atomic on every database, so racing submissions grade once."""
    claimed = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(submitted_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise _already_submitted()
    set_committed_value(attempt, "submitted_at", now)


def _record(attempt: QuizAttempt, answers: dict, graded: dict, chosen: dict) -> None:
    attempt.answers = answers
    attempt.score = graded["score"]
    attempt.is_passed = graded["passed"]
    attempt.results = graded["results"]
    attempt.choices = chosen
    db.session.flush()


def _already_submitted() -> Conflict:
    return Conflict(
        _l("This attempt has already been submitted."), code="already_submitted"
    )


def _time_up(quiz: quizzes.Quiz) -> Conflict:
    message = _l(
        "Time is up: this quiz must be submitted within %(minutes)s minutes. "
        "This attempt was not graded; please start a new one.",
        minutes=f"{quiz.time_limit_minutes:g}",
    )
    return Conflict(message, code="time_up")
