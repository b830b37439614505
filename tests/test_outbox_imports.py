"""The one outbox's boundaries: the core imports no other service domain, and the
channels do not reach into each other (xapi once took its back-off from points)."""

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[1] / "lms" / "services"


def service_domains_imported(domain: str) -> set[str]:
    found = set()
    for path in (SERVICES / domain).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[:2] == ["lms", "services"] and len(parts) > 2:
                    if (SERVICES / parts[2]).is_dir():  # a domain, not a shared module
                        found.add(parts[2])
    return found - {domain}


def test_the_outbox_core_imports_no_other_service_domain():
    assert service_domains_imported("outbox") == set()


def test_the_channels_use_the_core_and_not_each_other():
    points, xapi = service_domains_imported("points"), service_domains_imported("xapi")
    assert "outbox" in points and "outbox" in xapi
    assert "xapi" not in points and "points" not in xapi
