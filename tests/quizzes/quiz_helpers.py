"""Test helpers: where the project and the peer data are, the README's YAML example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# shared/ sits beside the checkout (as in CI); the workspace's copy is the fallback.
MOODLE_EXAMPLES = ROOT.parent / "shared/peer-data/moodle-gift-examples.txt"
if not MOODLE_EXAMPLES.exists():
    MOODLE_EXAMPLES = Path("/work/shared/peer-data/moodle-gift-examples.txt")


def readme_blocks(language: str) -> list[str]:
    """The fenced code blocks of quizzes/README.md in `language`."""
    text = (ROOT / "quizzes" / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def readme_yaml() -> str:
    return readme_blocks("yaml")[0]
