"""Test helpers: where the project and the peer data are, the README's YAML example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# shared/ sits beside the checkout, in CI and on a developer's machine alike.
MOODLE_EXAMPLES = ROOT.parent / "shared" / "peer-data" / "moodle-gift-examples.txt"


def moodle_examples() -> str:
    """Moodle's own GIFT examples; a clear failure when shared/ is not beside us."""
    if not MOODLE_EXAMPLES.is_file():
        pytest.fail(
            f"Moodle's GIFT examples are missing: {MOODLE_EXAMPLES}. The quiz tests "
            "read them from ../shared/peer-data/ beside the checkout; put the shared "
            "folder (or a link to it) there.",
            pytrace=False,
        )
    return MOODLE_EXAMPLES.read_text(encoding="utf-8")


def readme_blocks(language: str) -> list[str]:
    """The fenced code blocks of quizzes/README.md in `language`."""
    text = (ROOT / "quizzes" / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def readme_yaml() -> str:
    return readme_blocks("yaml")[0]
