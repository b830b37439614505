"""Quiz files for the CLI: pick the reader by extension, check, convert."""

from __future__ import annotations

from pathlib import Path

from quizzes.aiken import load_aiken
from quizzes.errors import QuizFormatError
from quizzes.gift_read import load_gift
from quizzes.gift_write import dump_gift
from quizzes.model import Loaded
from quizzes.yaml_read import load_yaml
from quizzes.yaml_write import dump_yaml

EXTENSIONS = {
    ".gift": "gift",
    ".txt": "gift",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".aiken": "aiken",
}
WRITERS = {"gift": dump_gift, "yaml": dump_yaml}


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The format named explicitly, or the one the file extension implies."""
    fmt = fmt or EXTENSIONS.get(Path(path).suffix.lower())
    if fmt not in ("gift", "yaml", "aiken"):
        raise QuizFormatError(
            "无法判断文件格式：请用 .gift/.txt、.yaml/.yml 或 .aiken 扩展名，或明确指定格式",
            source=str(path),
        )
    return fmt


def load_file(path: str | Path, fmt: str | None = None) -> Loaded:
    """Read a quiz file; `Loaded.notes` lists what the importer skipped."""
    path = Path(path)
    kind = format_of(path, fmt)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QuizFormatError("文件不是 UTF-8 编码", source=str(path)) from None
    title = path.name.split(".")[0]
    if kind == "yaml":
        return Loaded(load_yaml(text, str(path)))
    reader = load_gift if kind == "gift" else load_aiken
    return reader(text, str(path), title)


def check_file(path: str | Path, fmt: str | None = None):
    """The quiz in the file, or QuizFormatError (line, column, Chinese message)."""
    return load_file(path, fmt).quiz


def convert(path: str | Path, to: str = "gift", fmt: str | None = None) -> str:
    """The quiz in `path` written as `to` ("gift" or "yaml")."""
    if to not in WRITERS:
        raise ValueError(f"unknown target format {to!r}; use 'gift' or 'yaml'")
    return WRITERS[to](check_file(path, fmt))
