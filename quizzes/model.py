"""The quiz model: frozen dataclasses shared by every format, grader and view.

Weights are percentages (-100..100) as in GIFT; scores and marks are fractions 0..1.
Text fields hold authored text in the question's `format` (see `quizzes.text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT_FORMATS = ("markdown", "html", "plain", "moodle")
QUESTION_TYPES = (
    "single",
    "multiple",
    "truefalse",
    "short",
    "numerical",
    "matching",
    "ordering",
)
ORDERING_GRADINGS = ("absolute_position", "all_or_nothing")


@dataclass(frozen=True)
class Option:
    """A choice of a single/multiple question; `weight` is its credit in percent."""

    text: str
    weight: float = 0.0
    feedback: str = ""
    image: str = ""
    pinned: bool = False


@dataclass(frozen=True)
class TextAnswer:
    """An accepted answer of a short question; `*` in `text` is a wildcard."""

    text: str
    weight: float = 100.0
    feedback: str = ""


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted number: `value` ± `tolerance`, or `low`..`high`, or any number.

    Exactly one form is used: `value` set (tolerance form), `low`/`high` set (range
    form), or neither (`is_any`, Moodle's `*` answer carrying wrong-answer feedback).
    """

    value: float | None = None
    tolerance: float = 0.0
    low: float | None = None
    high: float | None = None
    weight: float = 100.0
    feedback: str = ""

    @property
    def is_any(self) -> bool:
        return self.value is None and self.low is None

    def matches(self, number: float) -> bool:
        if self.value is not None:
            slack = abs(self.tolerance) + 1e-9 * max(1.0, abs(self.value))
            return abs(number - self.value) <= slack
        if self.low is not None and self.high is not None:
            return self.low <= number <= self.high
        return True


@dataclass(frozen=True)
class Pair:
    """A matching pair; an empty `left` makes `right` an extra distractor."""

    left: str
    right: str


@dataclass(frozen=True)
class Question:
    """One question. Fields beyond the common ones are used by the types named."""

    id: str
    type: str
    prompt: str
    format: str = "markdown"
    name: str = ""
    category: str = ""
    image: str = ""
    feedback: str = ""
    options: tuple[Option, ...] = ()  # single, multiple
    answers: tuple[TextAnswer | NumericAnswer, ...] = ()  # short, numerical
    answer: bool = True  # truefalse
    feedback_true: str = ""  # truefalse: shown when the learner answered true
    feedback_false: str = ""  # truefalse: shown when the learner answered false
    pairs: tuple[Pair, ...] = ()  # matching
    items: tuple[str, ...] = ()  # ordering, in the correct order
    grading: str = "absolute_position"  # ordering


@dataclass(frozen=True)
class Quiz:
    """A quiz and its attempt settings (0 means "no limit" for the limits)."""

    title: str
    questions: tuple[Question, ...]
    pass_score: float = 0.6
    draw: int = 0  # 0 = every question; N = draw N of the bank per attempt
    shuffle: bool = True
    max_attempts: int = 0
    cooldown_minutes: float = 0
    time_limit_minutes: float = 0

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Mark:
    """The grade of one answer: score 0..1, whether fully correct, per-answer feedback."""

    score: float
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class Loaded:
    """A quiz read from a file plus what the importer skipped on purpose."""

    quiz: Quiz
    notes: tuple = field(default_factory=tuple)
