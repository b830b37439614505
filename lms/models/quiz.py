"""Quizzes attached to lessons, their immutable versions, and learners' attempts.

An attempt keeps the quiz version and the shuffle seed it was taken with (DESIGN rule
4), so it is presented and graded the same way however the quiz changes later.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.base import Base, utcnow
from lms.models.course import Lesson


class Quiz(Base):
    """The quiz of one lesson; `version` is the number of its current version."""

    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A lesson dropped from its course file (never one with progress) takes its quiz.
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), unique=True
    )
    version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lesson: Mapped[Lesson] = relationship()
    versions: Mapped[list[QuizVersion]] = relationship(
        back_populates="quiz", order_by="QuizVersion.version"
    )


class QuizVersion(Base):
    """One version of a quiz, never edited: its canonical YAML and content hash."""

    __tablename__ = "quiz_versions"
    __table_args__ = (UniqueConstraint("quiz_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("quizzes.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    source_yaml: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    question_count: Mapped[int]  # questions one attempt shows (the draw, or all)
    pass_score: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    quiz: Mapped[Quiz] = relationship(back_populates="versions")


class QuizAttempt(Base):
    """One attempt: the version and seed it shows, then its answers and grade.

    `submitted_at` is set once, by a conditional UPDATE, so a replayed or racing
    submission is refused (409) rather than graded twice.
    """

    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempts_person_quiz", "person_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"))
    quiz_version_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_versions.id"), index=True
    )
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"))
    seed: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    answers: Mapped[dict | None] = mapped_column(JSON)
    score: Mapped[float | None]
    is_passed: Mapped[bool | None]
    # {question id: {"correct", "score", "feedback_html"}} and the chosen option keys
    # per question (input of item analysis), both as graded at submission.
    results: Mapped[dict | None] = mapped_column(JSON)
    choices: Mapped[dict | None] = mapped_column(JSON)

    quiz_version: Mapped[QuizVersion] = relationship()
    lesson: Mapped[Lesson] = relationship()
