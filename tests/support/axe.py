"""axe-core (vendored, tests/support/vendor/, MPL-2.0) run in a Playwright page: the
accessibility violations a staff page must not have, and the size of its fields."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-4.11.0.min.js"
BLOCKING = {"critical", "serious"}


def violations(page) -> list[dict]:
    """Critical and serious axe violations of the page as it stands (id, impact, the
    first offending elements). Evaluated through DevTools, so a page's CSP allows it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']}))
          .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    return [v for v in found if v["impact"] in BLOCKING]


def small_fields(page, minimum: int = 40) -> list[str]:
    """Visible selects, inputs and text areas lower than `minimum` CSS pixels."""
    return page.evaluate(
        """(min) => [...document.querySelectorAll(
             'select, textarea, input:not([type=hidden]):not([type=checkbox])' +
             ':not([type=radio]):not([type=range])')]
          .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < min)
          .map(e => `${e.tagName.toLowerCase()}#${e.id || e.name}: ` +
                    `${Math.round(e.getBoundingClientRect().height)}px`)""",
        minimum,
    )


def check(page) -> None:
    """Assert the page has no blocking violation and no field lower than 40 px."""
    found = violations(page)
    assert found == [], (page.url, found)
    assert small_fields(page) == [], page.url
