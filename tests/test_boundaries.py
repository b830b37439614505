"""The core packages import neither Flask nor the web shell (DESIGN.md)."""

import json
import subprocess
import sys

import pytest

CORE = ["quizzes", "media", "courses"]


def _loaded_after_importing(package: str) -> set[str]:
    code = (
        "import importlib, json, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("package", CORE)
def test_core_package_does_not_load_flask_or_lms(package):
    loaded = _loaded_after_importing(package)
    forbidden = {
        m for m in loaded if m.split(".")[0] in {"flask", "flask_sqlalchemy", "lms"}
    }
    assert forbidden == set()


def test_the_check_itself_sees_flask_when_it_is_loaded():
    assert "flask" in _loaded_after_importing("lms")
