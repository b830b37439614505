"""What trainers learn from their lessons: starts and finishes, where in the video
people stop watching (coverage of the timeline), quiz pass rates, hardest questions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from lms.extensions import db
from lms.models import Course, Lesson, LessonProgress, QuizAttempt
from lms.services.assessment import analysis as quiz_analysis
from lms.services.assessment import store as quiz_store

BINS = 20


@dataclass(frozen=True)
class HardQuestion:
    question_id: str
    prompt: str  # the question's text, as the trainer wrote it
    facility: float  # mean score, 0..1: the lower, the harder
    attempts: int


@dataclass
class LessonInsight:
    lesson: Lesson
    started: int = 0
    finished: int = 0
    coverage: list[float] = field(default_factory=list)  # share of starters, per bin
    attempts: int = 0
    passed: int = 0
    quiz_id: int | None = None
    hardest: list[HardQuestion] = field(default_factory=list)  # lowest facility first

    @property
    def biggest_drop(self) -> int | None:
        """Where (percent of the video) the share still watching falls the most."""
        drops = [a - b for a, b in zip(self.coverage, self.coverage[1:], strict=False)]
        if not drops or max(drops) <= 0:
            return None
        return (drops.index(max(drops)) + 1) * 100 // BINS

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.attempts if self.attempts else None


def course_insight(course: Course) -> list[LessonInsight]:
    return [lesson_insight(lesson) for lesson in course.lessons]


def lesson_insight(lesson: Lesson) -> LessonInsight:
    out = LessonInsight(lesson)
    rows = db.session.execute(
        select(LessonProgress.intervals, LessonProgress.completed_at).where(
            LessonProgress.lesson_id == lesson.id
        )
    ).all()
    out.started = len(rows)
    out.finished = sum(1 for _, done in rows if done is not None)
    if lesson.video_duration_s:
        out.coverage = coverage_histogram(
            [r[0] or [] for r in rows], lesson.video_duration_s
        )
    _quiz_figures(lesson, out)
    return out


def coverage_histogram(intervals: list[list], duration: float) -> list[float]:
    """For each of BINS equal slices of the video, the share of people who watched
    its middle: the curve drops where people stop watching."""
    if not intervals or duration <= 0:
        return [0.0] * BINS
    width = duration / BINS
    counts = [0] * BINS
    for spans in intervals:
        for index in range(BINS):
            middle = (index + 0.5) * width
            if any(start <= middle <= end for start, end in spans):
                counts[index] += 1
    return [c / len(intervals) for c in counts]


def _quiz_figures(lesson: Lesson, out: LessonInsight) -> None:
    if not lesson.has_quiz:
        return
    counts = db.session.execute(
        select(
            func.count(), func.count().filter(QuizAttempt.is_passed.is_(True))
        ).where(
            QuizAttempt.lesson_id == lesson.id, QuizAttempt.submitted_at.is_not(None)
        )
    ).one()
    out.attempts, out.passed = counts
    quiz = quiz_store.quiz_of(lesson)
    version = quiz_store.current_version(quiz) if quiz is not None else None
    if version is None:
        return
    out.quiz_id = quiz.id
    out.hardest = hardest_questions(quiz_analysis.analyse(version))


def hardest_questions(analysis, limit: int = 3) -> list[HardQuestion]:
    """The questions answered worst (lowest facility; more attempts first on a tie),
    with their text; questions nobody has seen yet are left out."""
    prompts = {q.id: q.prompt for q in analysis.quiz.questions}
    items = sorted(
        (i for i in analysis.items if i.attempts),
        key=lambda i: (i.facility, -i.attempts, i.question_id),
    )
    return [
        HardQuestion(
            i.question_id, prompts.get(i.question_id, ""), i.facility, i.attempts
        )
        for i in items[:limit]
    ]
