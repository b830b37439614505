"""Checks a whole quiz is well-formed; loaders attach positions to the messages."""

from __future__ import annotations

import math

from quizzes.model import QUESTION_TYPES, TEXT_FORMATS, Question, Quiz
from quizzes.qtypes import REGISTRY


def question_error(question: Question) -> str | None:
    """A Chinese message about what is wrong with one question, or None."""
    if not question.id or any(ch.isspace() for ch in question.id):
        return "题目编号不能为空，也不能包含空白"
    if question.type not in REGISTRY:
        return f"未知题型“{question.type}”，可用：{'、'.join(QUESTION_TYPES)}"
    if question.format not in TEXT_FORMATS:
        return f"未知文本格式“{question.format}”，可用：{'、'.join(TEXT_FORMATS)}"
    return REGISTRY[question.type].validate(question)


def settings_error(quiz: Quiz) -> str | None:
    """A Chinese message about the quiz-level settings, or None."""
    if not quiz.questions:
        return "测验至少需要一道题"
    if not (math.isfinite(quiz.pass_score) and 0 <= quiz.pass_score <= 1):
        return "及格分 pass_score 必须在 0 到 1 之间"
    if not 0 <= quiz.draw <= len(quiz.questions):
        return "抽题数 draw 不能超过题目总数"
    limits = (quiz.max_attempts, quiz.cooldown_minutes, quiz.time_limit_minutes)
    if any(not math.isfinite(value) or value < 0 for value in limits):
        return "次数、冷却时间和时限不能为负数"
    ids = [q.id for q in quiz.questions]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        return f"题目编号重复：{'、'.join(duplicated)}"
    return None
