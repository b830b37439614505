"""Writing studio content in the course folder format (courses/README.md).

The studio never checks a lesson by rules of its own: it writes the lesson as a file
and lets `courses.loader` judge it, so a published lesson always exports, re-imports
and passes `flask courses check`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

QUIZ_SUFFIX = {"gift": ".gift", "yaml": ".quiz.yaml"}


@dataclass(frozen=True)
class LessonContent:
    """What a lesson file holds, whether it comes from a draft or a published lesson."""

    code: str
    title: str
    duration_min: float
    credit_hours: Decimal
    guide_md: str
    sources: list
    quiz_text: str = ""
    quiz_format: str = "gift"


def write_lesson(folder: Path, stem: str, content: LessonContent) -> Path:
    """Write `lessons/<stem>.md` (and its quiz file) under `folder`; return the .md."""
    lessons = folder / "lessons"
    lessons.mkdir(parents=True, exist_ok=True)
    front = {
        "code": content.code,
        "title": content.title,
        "duration_min": _number(content.duration_min),
        "credit_hours": f"{Decimal(content.credit_hours):.2f}",
    }
    if content.quiz_text.strip():
        quiz_name = stem + QUIZ_SUFFIX[content.quiz_format]
        (lessons / quiz_name).write_text(content.quiz_text, encoding="utf-8")
        front["quiz"] = quiz_name
    front["sources"] = [{k: v for k, v in s.items() if v} for s in content.sources]
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    path = lessons / f"{stem}.md"
    path.write_text(f"---\n{head}---\n{content.guide_md}", encoding="utf-8")
    return path


def write_course_yaml(folder: Path, fields: dict, stems: list[str]) -> None:
    data = {k: v for k, v in fields.items() if v not in (None, "")}
    data["lessons"] = stems
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (folder / "course.yaml").write_text(text, encoding="utf-8")


def link_images(folder: Path, images: Path) -> None:
    """Make the course's published images visible as `folder/images` (for checks)."""
    images.mkdir(parents=True, exist_ok=True)
    os.symlink(images, folder / "images", target_is_directory=True)


def copy_images(folder: Path, images: Path) -> None:
    if images.is_dir():
        shutil.copytree(images, folder / "images", dirs_exist_ok=True)


def _number(value: float):
    return int(value) if float(value).is_integer() else float(value)
