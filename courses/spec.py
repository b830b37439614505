"""Course and lesson specs (plain dataclasses) and the YAML helpers that point at lines.

Loading collects every problem it finds as a `Problem` (file, line, message) instead of
stopping at the first, so `courses check` can list them all; `load_course` raises
`CourseInvalid` carrying that list when there is any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

TOPICS = ("first_aid", "mediation", "fire_safety", "other")
MAX_DURATION_MIN = 30
# A micro-lesson's guide: the longest shipped is 4 KB; 30 KB renders in well under a
# second even when every word is emphasised.
MAX_GUIDE_BYTES = 30_000


def guide_too_long(text: str) -> bool:
    return len(text.encode("utf-8")) > MAX_GUIDE_BYTES


CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CourseInvalid(Exception):
    """A course folder has problems; `problems` lists each with file and line."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None


@dataclass(frozen=True)
class LessonSpec:
    stem: str
    code: str
    title: str
    duration_min: float
    credit_hours: Decimal
    guide_md: str
    path: Path
    quiz: Path | None = None
    video: Path | None = None
    captions: Path | None = None
    sources: tuple[Source, ...] = ()
    images: tuple[Path, ...] = ()


@dataclass(frozen=True)
class CourseSpec:
    code: str
    title: str
    topic: str
    summary: str
    path: Path
    school: str | None = None
    bonus_credit_hours: Decimal = Decimal("0")
    lessons: tuple[LessonSpec, ...] = field(default_factory=tuple)
    renewal: RenewalSpec | None = None


@dataclass(frozen=True)
class RenewalSpec:
    """`certificate:` in course.yaml: certificates valid for `valid_months`, renewed
    by taking the refresher lessons (codes) again, or a station class of the course."""

    valid_months: int
    refresher_lessons: tuple[str, ...] = ()
    refresher_by_class: bool = False


@dataclass
class _Doc:
    """A YAML mapping with the line of each key, for messages that point at it."""

    path: Path
    data: dict
    lines: dict[str, int]
    first_line: int

    def line(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


def _read_yaml(
    path: Path, text: str, line_offset: int, out: list[Problem]
) -> _Doc | None:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark else 1) + line_offset
        out.append(
            Problem(path, line, f"YAML 格式错误：{getattr(exc, 'problem', exc)}")
        )
        return None
    if not isinstance(data, dict) or node is None:
        out.append(Problem(path, 1 + line_offset, "应为键值对（YAML 映射）"))
        return None
    lines = {k.value: k.start_mark.line + 1 + line_offset for k, _ in node.value}
    return _Doc(path, data, lines, 1 + line_offset)


def _text(doc: _Doc, key: str, out: list[Problem], required: bool = True) -> str:
    value = doc.data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            out.append(Problem(doc.path, doc.line(key), f"缺少必填项“{key}”"))
        return ""
    return str(value).strip()


def _hours(doc: _Doc, key: str, out: list[Problem], required: bool) -> Decimal:
    raw = doc.data.get(key)
    if raw is None:
        if required:
            out.append(Problem(doc.path, doc.line(key), f"缺少必填项“{key}”"))
        return Decimal("0")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        value = Decimal("-1")
    if value < 0 or value != value.quantize(Decimal("0.01")) or value > 100:
        msg = f'“{key}”应为不小于 0、最多两位小数的学时，例如 "0.25"'
        out.append(Problem(doc.path, doc.line(key), msg))
        return Decimal("0")
    return value.quantize(Decimal("0.01"))


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter YAML, Markdown body, line number where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return "", text, 1
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    return "", text, 1
