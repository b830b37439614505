"""The interface speaks Simplified Chinese by default: every message has a translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "lms/translations/zh_Hans_CN/LC_MESSAGES/messages.po"


def test_every_interface_message_has_a_chinese_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            "lms/babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        wanted = [m.id for m in read_po(fh) if m.id]
    with CATALOG.open("rb") as fh:
        chinese = read_po(fh)
    missing = [m for m in wanted if chinese.get(m) is None or not chinese.get(m).string]
    assert wanted and missing == []
