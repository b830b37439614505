"""Reads our YAML quiz format (see README.md) into a Quiz; errors carry positions."""

from __future__ import annotations

import yaml

from quizzes.model import NumericAnswer, Option, Pair, Question, Quiz, TextAnswer
from quizzes.validate import question_error, settings_error
from quizzes.yaml_nodes import Fields, Reader, compose

COMMON = {"id", "type", "prompt", "format", "name", "category", "image", "feedback"}
SETTINGS = {
    "pass_score": (float, 0.6),
    "draw": (int, 0),
    "shuffle": (bool, True),
    "max_attempts": (int, 0),
    "cooldown_minutes": (float, 0.0),
    "time_limit_minutes": (float, 0.0),
}


def load_yaml(text: str, source: str = "") -> Quiz:
    """Parse and validate a YAML quiz; raises QuizFormatError with line/column."""
    node, loader = compose(text, source)
    reader = Reader(loader, source)
    fields = reader.mapping(node, "测验文件")
    fields.finish({"title", "questions", *SETTINGS})
    settings = {
        key: fields.get(key, kind, default) for key, (kind, default) in SETTINGS.items()
    }
    items = reader.items(fields.node("questions"), "questions")
    questions = tuple(_question(reader, item) for item in items)
    quiz = Quiz(title=fields.get("title", str), questions=questions, **settings)
    error = settings_error(quiz)
    if error:
        raise reader.fail(node, error)
    return quiz


def _question(reader: Reader, node: yaml.Node) -> Question:
    fields = reader.mapping(node, "题目")
    kind = fields.get("type", str)
    if kind not in BODIES:
        types = "、".join(BODIES)
        raise reader.fail(fields.node("type"), f"未知题型“{kind}”，可用：{types}")
    body_reader, body_keys = BODIES[kind]
    fields.finish(COMMON | body_keys)
    common = {
        key: fields.get(key, str, "") for key in COMMON - {"id", "type", "prompt"}
    }
    common["prompt"] = fields.get("prompt", str)
    common["format"] = common["format"] or "markdown"
    body = body_reader(reader, fields)
    question = Question(id=_id(reader, fields), type=kind, **common, **body)
    error = question_error(question)
    if error:
        raise reader.fail(node, f"题目“{question.id}”：{error}")
    return question


def _id(reader: Reader, fields: Fields) -> str:
    node = fields.node("id")
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return node.value.strip()
    raise reader.fail(node, "“id”应为文字或数字")


def _options(reader: Reader, fields: Fields) -> dict:
    options = []
    for node in reader.items(fields.node("options"), "options"):
        if isinstance(node, yaml.ScalarNode):
            options.append(Option(text=reader.value(node, str, "选项")))
            continue
        item = reader.mapping(node, "选项")
        item.finish({"text", "correct", "weight", "feedback", "image", "pinned"})
        if item.has("correct") and item.has("weight"):
            raise reader.fail(node, "“correct”和“weight”只能写一个")
        correct = item.get("correct", bool, False)
        options.append(
            Option(
                text=item.get("text", str),
                weight=item.get("weight", float, 100.0 if correct else 0.0),
                feedback=item.get("feedback", str, ""),
                image=item.get("image", str, ""),
                pinned=item.get("pinned", bool, False),
            )
        )
    return {"options": tuple(options)}


def _truefalse(reader: Reader, fields: Fields) -> dict:
    return {
        "answer": fields.get("answer", bool),
        "feedback_true": fields.get("feedback_true", str, ""),
        "feedback_false": fields.get("feedback_false", str, ""),
    }


def _short(reader: Reader, fields: Fields) -> dict:
    answers = []
    for node in reader.items(fields.node("answers"), "answers"):
        if isinstance(node, yaml.ScalarNode):
            answers.append(TextAnswer(text=reader.value(node, str, "答案")))
            continue
        item = reader.mapping(node, "答案")
        item.finish({"text", "weight", "feedback"})
        answers.append(
            TextAnswer(
                text=item.get("text", str),
                weight=item.get("weight", float, 100.0),
                feedback=item.get("feedback", str, ""),
            )
        )
    return {"answers": tuple(answers)}


def _numerical(reader: Reader, fields: Fields) -> dict:
    answers = []
    for node in reader.items(fields.node("answers"), "answers"):
        item = reader.mapping(node, "答案")
        item.finish({"value", "tolerance", "min", "max", "any", "weight", "feedback"})
        answers.append(_numeric_answer(reader, node, item))
    return {"answers": tuple(answers)}


def _numeric_answer(reader: Reader, node: yaml.Node, item: Fields) -> NumericAnswer:
    forms = [item.has("value"), item.has("min") or item.has("max"), item.has("any")]
    if sum(forms) != 1 or (item.has("tolerance") and not item.has("value")):
        raise reader.fail(
            node, "每个答案只能用一种写法：value(+tolerance)、min+max 或 any"
        )
    if item.has("any") and not item.get("any", bool):
        raise reader.fail(node, "“any”只能写 true")
    low, high = item.get("min", float, None), item.get("max", float, None)
    if forms[1] and (low is None or high is None or low > high):
        raise reader.fail(node, "范围答案需要 min 和 max，且 min 不大于 max")
    return NumericAnswer(
        value=item.get("value", float, None),
        tolerance=abs(item.get("tolerance", float, 0.0)),
        low=low,
        high=high,
        weight=item.get("weight", float, 0.0 if forms[2] else 100.0),
        feedback=item.get("feedback", str, ""),
    )


def _matching(reader: Reader, fields: Fields) -> dict:
    pairs = []
    for node in reader.items(fields.node("pairs"), "pairs"):
        item = reader.mapping(node, "配对")
        item.finish({"left", "right"})
        pairs.append(Pair(left=item.get("left", str, ""), right=item.get("right", str)))
    return {"pairs": tuple(pairs)}


def _ordering(reader: Reader, fields: Fields) -> dict:
    items = reader.items(fields.node("items"), "items")
    return {
        "items": tuple(reader.value(node, str, "排序项") for node in items),
        "grading": fields.get("grading", str, "absolute_position"),
    }


BODIES = {
    "single": (_options, {"options"}),
    "multiple": (_options, {"options"}),
    "truefalse": (_truefalse, {"answer", "feedback_true", "feedback_false"}),
    "short": (_short, {"answers"}),
    "numerical": (_numerical, {"answers"}),
    "matching": (_matching, {"pairs"}),
    "ordering": (_ordering, {"items", "grading"}),
}
