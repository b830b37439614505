"""Benchmark of guide rendering: the largest guide allowed (MAX_GUIDE_BYTES, every
word emphasised: Markdown's slowest input) rendered once, then served from the
per-version cache as every further lesson view is.

Run from the project root: PYTHONPATH=. .venv/bin/python tests/bench/bench_guide.py
"""

from __future__ import annotations

import time
from types import SimpleNamespace

from courses.render import render_markdown
from courses.spec import MAX_GUIDE_BYTES


def emphasis_guide() -> str:
    unit = "*要点* **注意** _提示_ "
    return (
        (unit * (MAX_GUIDE_BYTES // len(unit.encode()) + 1))
        .encode()[:MAX_GUIDE_BYTES]
        .decode("utf-8", "ignore")
    )


def main() -> None:
    from lms import create_app
    from lms.services.catalogue import browse

    text = emphasis_guide()
    started = time.perf_counter()
    render_markdown(text, resolve_url=lambda u: u)
    once = time.perf_counter() - started
    app = create_app({"TESTING": True})
    lesson = SimpleNamespace(
        id=1, version=1, course=SimpleNamespace(code="bench"), guide_md=text, sources=[]
    )
    with app.test_request_context("/"):
        browse.guide_html(lesson, lambda p: "/media/" + p)  # the first view renders
        started = time.perf_counter()
        for _ in range(100):
            browse.guide_html(lesson, lambda p: "/media/" + p)
        cached = (time.perf_counter() - started) / 100
    print(f"{'guide bytes':24} {len(text.encode()):>10}")
    print(f"{'first render (s)':24} {once:>10.3f}")
    print(f"{'each later view (ms)':24} {cached * 1000:>10.3f}")


if __name__ == "__main__":
    main()
