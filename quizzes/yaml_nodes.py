"""Typed access to a composed YAML node tree, with errors at the node's position."""

from __future__ import annotations

import math
from typing import Any

import yaml

from quizzes.errors import QuizFormatError

MISSING = object()
_KINDS = {str: "文字", bool: "true 或 false", int: "整数", float: "数字", list: "列表"}


def compose(text: str, source: str = "") -> tuple[yaml.Node, yaml.SafeLoader]:
    """Parse YAML text to its node tree; syntax errors carry line and column."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML 语法错误：{error.problem or error.context}"
        raise QuizFormatError(message, mark.line + 1, mark.column + 1, source) from None
    except yaml.YAMLError as error:
        raise QuizFormatError(f"YAML 语法错误：{error}", source=source) from None
    if node is None:
        raise QuizFormatError("文件是空的", 1, 1, source)
    return node, loader


class Reader:
    """Converts nodes to checked Python values; `fail` raises at a node."""

    def __init__(self, loader: yaml.SafeLoader, source: str = ""):
        self.loader = loader
        self.source = source

    def fail(self, node: yaml.Node, message: str) -> QuizFormatError:
        mark = node.start_mark
        return QuizFormatError(message, mark.line + 1, mark.column + 1, self.source)

    def mapping(self, node: yaml.Node, what: str) -> Fields:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what}应为“键: 值”的映射")
        return Fields(self, node)

    def items(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what}应为列表（每项以“- ”开头）")
        return list(node.value)

    def value(self, node: yaml.Node, kind: type, what: str) -> Any:
        if kind is str and isinstance(node, yaml.ScalarNode):
            if node.tag != "tag:yaml.org,2002:null":
                return node.value.strip()
        value = self.loader.construct_object(node, deep=True)
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (
            isinstance(value, bool) and kind is not bool
        ):
            raise self.fail(node, f"{what}应为{_KINDS[kind]}")
        if kind is float and not math.isfinite(value):
            raise self.fail(node, f"{what}应为有限的数字")
        return value


class Fields:
    """The keys of one mapping node; unknown keys are reported by `finish`."""

    def __init__(self, reader: Reader, node: yaml.MappingNode):
        self.reader = reader
        self.mapping_node = node
        self.entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = str(reader.loader.construct_object(key_node))
            if key in self.entries:
                raise reader.fail(key_node, f"键“{key}”重复")
            self.entries[key] = (key_node, value_node)

    def has(self, key: str) -> bool:
        return key in self.entries

    def node(self, key: str) -> yaml.Node:
        if key not in self.entries:
            raise self.reader.fail(self.mapping_node, f"缺少“{key}”")
        return self.entries[key][1]

    def get(self, key: str, kind: type, default: Any = MISSING) -> Any:
        if key not in self.entries and default is not MISSING:
            return default
        return self.reader.value(self.node(key), kind, f"“{key}”")

    def finish(self, allowed: set[str]) -> None:
        for key, (key_node, _) in self.entries.items():
            if key not in allowed:
                raise self.reader.fail(key_node, f"不认识的键“{key}”")
