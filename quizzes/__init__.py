"""The quiz engine (plain Python, no Flask): model, types, grading, formats, stats.

The web layer, CLI and workers use the names re-exported here.
"""

from quizzes.aiken import load_aiken
from quizzes.analysis import AttemptRecord, ItemStats, item_analysis, stats_csv
from quizzes.attempt import (
    attempt_questions,
    chosen_options,
    decode_answers,
    grade_attempt,
    present_attempt,
)
from quizzes.errors import AnswerError, ImportNote, QuizExportError, QuizFormatError
from quizzes.files import check_file, convert, format_of, load_file
from quizzes.gift_read import load_gift
from quizzes.gift_write import dump_gift
from quizzes.model import (
    Loaded,
    Mark,
    NumericAnswer,
    Option,
    Pair,
    Question,
    Quiz,
    TextAnswer,
)
from quizzes.policy import (
    AttemptDecision,
    attempt_deadline,
    is_in_time,
    may_start_attempt,
)
from quizzes.qtypes import REGISTRY, QuestionType, question_type
from quizzes.yaml_read import load_yaml
from quizzes.yaml_write import dump_yaml

__all__ = [
    "REGISTRY",
    "AnswerError",
    "AttemptDecision",
    "AttemptRecord",
    "ImportNote",
    "ItemStats",
    "Loaded",
    "Mark",
    "NumericAnswer",
    "Option",
    "Pair",
    "Question",
    "QuestionType",
    "Quiz",
    "QuizExportError",
    "QuizFormatError",
    "TextAnswer",
    "attempt_deadline",
    "attempt_questions",
    "check_file",
    "chosen_options",
    "convert",
    "decode_answers",
    "dump_gift",
    "dump_yaml",
    "format_of",
    "grade_attempt",
    "is_in_time",
    "item_analysis",
    "load_aiken",
    "load_file",
    "load_gift",
    "load_yaml",
    "may_start_attempt",
    "present_attempt",
    "question_type",
    "stats_csv",
]
