"""The core packages import neither Flask nor the web shell (DESIGN.md); the services
import neither the shell's errors, nor a blueprint, nor Flask beyond reading settings."""

import ast
import json
import subprocess
import sys
from pathlib import Path

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


# The services layer, read from the source (an import inside a function counts too).
LMS = Path(__file__).resolve().parents[1] / "lms"
BLUEPRINTS = {"api", "learner", "studio", "union", "admin", "auth", "verify", "files"}
# Services that still read settings through Flask's `current_app` (to be passed in as
# arguments); no other service may import Flask, and this list only shrinks.
CURRENT_APP_READERS = {
    "catalogue/search_index.py",
    "credits/badges.py",
    "credits/certificates.py",
    "credits/certificates_pdf.py",
    "credits/ledger.py",
    "union/counters.py",
    "union/notifications.py",
    "video/store.py",
    "video/worker.py",
    "xapi/record.py",
    "xapi/statements.py",
}


def imports(source: str) -> list[tuple[str, tuple[str, ...]]]:
    """(module, names) for every import statement; `from a import b` also yields a.b."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = tuple(alias.name for alias in node.names)
            found.append((node.module, names))
            found += [(f"{node.module}.{name}", ()) for name in names]
    return found


def service_imports() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    root = LMS / "services"
    return {
        path.relative_to(root).as_posix(): imports(path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.py"))
    }


def test_the_import_reader_sees_every_form():
    source = (
        "import lms.errors\nfrom lms import errors\ndef f():\n    from flask import g"
    )
    modules = [module for module, _ in imports(source)]
    assert modules.count("lms.errors") == 2 and "flask" in modules
    assert len(service_imports()) > 50


def test_services_do_not_import_the_web_shells_errors():
    offenders = {
        path
        for path, found in service_imports().items()
        if any(module == "lms.errors" for module, _ in found)
    }
    assert offenders == set(), "import errors from lms.services.errors"


def test_services_do_not_import_flask_beyond_reading_settings():
    offenders, readers = set(), set()
    for path, found in service_imports().items():
        for module, names in found:
            if module.split(".")[0] != "flask" or module == "flask.current_app":
                continue
            readers.add(path)
            if module != "flask" or names != ("current_app",):
                offenders.add(path)
    assert offenders == set()
    assert readers <= CURRENT_APP_READERS


def test_services_do_not_import_a_blueprint():
    offenders = {
        (path, module)
        for path, found in service_imports().items()
        for module, _ in found
        if module.split(".")[:2] in [["lms", name] for name in BLUEPRINTS]
    }
    assert offenders == set()


def private_reaches(path: str, source: str) -> set[str]:
    """`module._name` uses where `module` was imported from another service domain."""
    domain = path.split("/")[0]
    foreign = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            parts = (node.module or "").split(".")
            if parts[:2] == ["lms", "services"] and parts[2:3] != [domain]:
                foreign |= {alias.asname or alias.name for alias in node.names}
    return {
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in foreign
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    }


def test_private_reach_is_seen():
    source = "from lms.services.learning import progress\nprogress._locked(1)\n"
    assert private_reaches("assessment/attempts.py", source) == {"progress._locked"}
    assert private_reaches("learning/other.py", source) == set()


def test_services_use_only_the_public_names_of_other_domains():
    root = LMS / "services"
    offenders = {
        (path.relative_to(root).as_posix(), reach)
        for path in root.rglob("*.py")
        for reach in private_reaches(
            path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")
        )
    }
    assert offenders == set()
