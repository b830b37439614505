"""Exceptions of the quiz engine: format errors with a position, bad learner answers."""

from __future__ import annotations

from dataclasses import dataclass


class QuizFormatError(ValueError):
    """A quiz file that cannot be read; `line` and `column` are 1-based.

    `message` is in Simplified Chinese, for the trainer who wrote the file.
    """

    def __init__(self, message: str, line: int = 0, column: int = 0, source: str = ""):
        self.message = message
        self.line = line
        self.column = column
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}:" if self.source else ""
        if self.line:
            return f"{where}第 {self.line} 行第 {self.column} 列：{self.message}"
        return f"{where}{self.message}"


class QuizExportError(ValueError):
    """A quiz that a target format cannot express (message in Simplified Chinese)."""


class AnswerError(ValueError):
    """A submitted answer of the wrong shape or naming unknown ids (HTTP 422).

    `question_id` names the question (empty for an unknown question id itself);
    `message` is in Simplified Chinese, for the learner.
    """

    def __init__(self, question_id: str, message: str):
        self.question_id = question_id
        self.message = message
        super().__init__(f"{question_id}: {message}" if question_id else message)


@dataclass(frozen=True)
class ImportNote:
    """Something an importer skipped on purpose (e.g. a GIFT essay), with its line."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行：{self.message}"
