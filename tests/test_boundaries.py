"""The core packages import neither Flask nor the web shell; the service domains
import no blueprint, each other in no cycle, neither the shell's errors nor Flask
beyond reading settings (DESIGN.md)."""

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


# The service domains (lms/services/<domain>/, DESIGN.md rule 11) ---------------------

SERVICES = Path(__file__).resolve().parent.parent / "lms" / "services"
BLUEPRINTS = {"learner", "studio", "union", "admin", "api", "auth", "verify", "files"}
# Cross-domain reaches that other branches of issue 18 remove; the integrator deletes
# each line once its fix has merged (the test then holds the graph to no cycle at all).
KNOWN_EDGES = {}


def _imported_modules(path: Path, package: str) -> set[str]:
    """Every module `path` imports (at the top or inside functions), absolute."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _module_name(root: Path, path: Path) -> tuple[str, str]:
    """(module name, its package) for a file under `root` (the `lms` folder's parent)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def service_graph(services: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The package-level import graph of the service domains, and what each file
    (domain or root module) imports of the shell's blueprints or of the domains."""
    root = services.parent.parent
    domains = {p.parent.name for p in services.glob("*/__init__.py")}
    graph: dict[str, set[str]] = {d: set() for d in domains}
    reaches: dict[str, set[str]] = {}
    for path in sorted(services.rglob("*.py")):
        name, package = _module_name(root, path)
        own = path.relative_to(services).parts[0]
        for module in _imported_modules(path, package):
            parts = module.split(".")
            if parts[:2] == ["lms", "services"] and len(parts) > 2:
                target = parts[2]
                if target in domains and target != own:
                    if own in domains:
                        graph[own].add(target)
                    else:
                        reaches.setdefault(name, set()).add(module)
            elif parts[0] == "lms" and len(parts) > 1 and parts[1] in BLUEPRINTS:
                reaches.setdefault(name, set()).add(module)
    return graph, reaches


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first node repeated at the end), or None."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state:
                found = visit(target, [*path, target])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def test_no_import_cycle_among_the_service_domains():
    graph, _ = service_graph(SERVICES)
    assert len(graph) >= 10  # the domains were found
    for source, target in KNOWN_EDGES:
        assert target in graph[source], f"{source} -> {target} is gone: drop it"
        graph[source].discard(target)
    assert find_cycle(graph) is None


def test_no_service_imports_a_blueprint_and_root_modules_no_domain():
    """Services are below the web shell; the modules at lms/services/ itself (shared
    helpers) import no domain, so they can never close a cycle."""
    _, reaches = service_graph(SERVICES)
    assert reaches == {}


def test_the_graph_checks_see_a_cycle_and_a_blueprint(tmp_path):
    services = tmp_path / "lms" / "services"
    for domain, source in {
        "alpha": "from lms.services.beta import things\n",
        "beta": "def f():\n    from ..alpha import other\n",
        "gamma": "from lms.learner.views import media_url\n",
    }.items():
        (services / domain).mkdir(parents=True)
        (services / domain / "__init__.py").write_text('"""A domain."""\n')
        (services / domain / "work.py").write_text(source)
    (services / "shared.py").write_text("import lms.services.gamma.work\n")
    graph, reaches = service_graph(services)
    assert graph == {"alpha": {"beta"}, "beta": {"alpha"}, "gamma": set()}
    assert find_cycle(graph) == ["alpha", "beta", "alpha"]
    assert reaches == {
        "lms.services.gamma.work": {"lms.learner.views", "lms.learner.views.media_url"},
        "lms.services.shared": {"lms.services.gamma.work"},
    }


# The services layer, read from the source (an import inside a function counts too).
LMS = Path(__file__).resolve().parents[1] / "lms"
# Services that still read settings through Flask's `current_app` (to be passed in as
# arguments); no other service may import Flask, and this list only shrinks.
CURRENT_APP_READERS = {
    "catalogue/search_index.py",
    "classes/attendance.py",
    "classes/schedule.py",
    "credits/badges.py",
    "credits/certificates.py",
    "credits/certificates_png.py",
    "credits/ledger.py",
    "credits/status_list.py",
    "pdf.py",
    "sms/__init__.py",
    "union/counters.py",
    "union/notifications.py",
    "union/reminders.py",
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
