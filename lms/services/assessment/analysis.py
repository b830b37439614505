"""Item analysis of a quiz version for trainers: which quizzes an actor may see, and
facility, discrimination and option frequencies over the version's graded attempts."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, func, select

import quizzes
from lms.extensions import db
from lms.models import Course, Lesson, Person, Quiz, QuizAttempt, QuizVersion, Role
from lms.services.assessment import store as quiz_store
from lms.services.errors import NotFound
from lms.spreadsheet import safe_row


@dataclass(frozen=True)
class QuizListing:
    quiz: Quiz
    lesson: Lesson
    course: Course
    attempts: int  # graded attempts over every version


@dataclass(frozen=True)
class Analysis:
    version: QuizVersion
    quiz: quizzes.Quiz
    attempts: int
    items: list[quizzes.ItemStats]


def _in_scope(actor: Person, query: Select) -> Select:
    """Admins see every quiz; trainers those of their own school's courses."""
    if actor.has_role(Role.ADMIN):
        return query
    if actor.organisation_id is None:
        return query.where(false())
    return query.where(Course.school_id == actor.organisation_id)


def visible_quizzes(actor: Person) -> list[QuizListing]:
    graded = (
        select(QuizAttempt.quiz_id, func.count().label("n"))
        .where(QuizAttempt.submitted_at.is_not(None))
        .group_by(QuizAttempt.quiz_id)
        .subquery()
    )
    query = (
        select(Quiz, Lesson, Course, func.coalesce(graded.c.n, 0))
        .join(Lesson, Quiz.lesson_id == Lesson.id)
        .join(Course, Lesson.course_id == Course.id)
        .outerjoin(graded, graded.c.quiz_id == Quiz.id)
        .order_by(Course.code, Lesson.position)
    )
    rows = db.session.execute(_in_scope(actor, query)).all()
    return [QuizListing(*row) for row in rows]


def get_quiz(actor: Person, quiz_id: int) -> Quiz:
    """A quiz the actor may analyse; others are reported as missing (404)."""
    query = (
        select(Quiz)
        .join(Lesson, Quiz.lesson_id == Lesson.id)
        .join(Course, Lesson.course_id == Course.id)
        .where(Quiz.id == quiz_id)
    )
    quiz = db.session.scalar(_in_scope(actor, query))
    if quiz is None:
        raise NotFound(_l("This quiz does not exist."))
    return quiz


def version_of(quiz: Quiz, number: int | None = None) -> QuizVersion:
    """The version numbered `number`, or the current one."""
    wanted = number or quiz.version
    version = next((v for v in quiz.versions if v.version == wanted), None)
    if version is None:
        raise NotFound(_l("This quiz version does not exist."))
    return version


def analyse(version: QuizVersion) -> Analysis:
    query = (
        select(QuizAttempt)
        .where(
            QuizAttempt.quiz_version_id == version.id,
            QuizAttempt.submitted_at.is_not(None),
        )
        .order_by(QuizAttempt.id)
    )
    records = [_record(attempt) for attempt in db.session.scalars(query)]
    quiz = quiz_store.load(version)
    items = quizzes.item_analysis(records, [q.id for q in quiz.questions])
    return Analysis(version, quiz, len(records), items)


def _record(attempt: QuizAttempt) -> quizzes.AttemptRecord:
    scores = {qid: float(r["score"]) for qid, r in (attempt.results or {}).items()}
    return quizzes.AttemptRecord(scores, attempt.score or 0.0, attempt.choices or {})


def stats_csv(analysis: Analysis) -> str:
    """The core's CSV, each cell made safe for spreadsheets (ids are trainers' text)."""
    rows = csv.reader(io.StringIO(quizzes.stats_csv(analysis.items)))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(safe_row(row) for row in rows)
    return out.getvalue()


def choice_label(question: quizzes.Question, key: str) -> str:
    """What a chosen-option key stands for, in the trainer's words."""
    if question.type in ("single", "multiple") and key.isdecimal():
        index = int(key) - 1
        if 0 <= index < len(question.options):
            return question.options[index].text
    if question.type == "truefalse":
        return str(_l("True") if key == "true" else _l("False"))
    return key
