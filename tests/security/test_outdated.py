"""`make outdated`: how far behind a pin is, and which pins the README keeps back
(the index itself is asked only when the command runs)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location(
    "outdated", ROOT / "tools" / "outdated.py"
)
outdated = importlib.util.module_from_spec(spec)
spec.loader.exec_module(outdated)


def test_distance():
    assert outdated.distance(Version("2.0.58"), Version("2.1.9")) == "minor"
    assert outdated.distance(Version("0.30.6"), Version("0.55.0")) == "minors"
    assert outdated.distance(Version("50.0.2"), Version("51.0.1")) == "major"
    assert outdated.distance(Version("0.3.7"), Version("0.3.8")) == "patch"


def test_every_pin_is_read_and_the_kept_back_have_reasons():
    names = {name for name, _ in outdated.pins()}
    assert {"flask", "nh3", "uvicorn", "psycopg"} <= names
    assert {"cryptography", "sqlalchemy", "uvicorn"} <= outdated.kept_back()
