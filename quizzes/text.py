"""Authored text helpers: answer normalisation and turning texts into safe HTML.

Formats (named as in Moodle's GIFT): `markdown` (our YAML default), `html`, `plain`,
and `moodle` (GIFT's default: HTML allowed, line breaks kept). All output goes through
`courses.render`, the project's single sanitising policy.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from courses.render import render_markdown, sanitize

UrlResolver = Callable[[str], str] | None
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def normalize(text: str) -> str:
    """Fold what a short answer comparison ignores: width (NFKC), case, outer space."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


@lru_cache(maxsize=4096)
def to_html(text: str, fmt: str, resolve_url: UrlResolver = None) -> str:
    """Render `text` written in `fmt` as sanitised HTML ("" for empty text).

    Cached: rendering Markdown costs about a millisecond and attempts repeat texts.
    """
    if not text.strip():
        return ""
    if fmt == "markdown":
        return render_markdown(text, resolve_url=resolve_url)
    if fmt == "plain":
        return sanitize(html.escape(text).replace("\n", "<br>"))
    if fmt == "moodle":
        text = text.replace("\n", "<br>")
    return sanitize(text)


def to_inline_html(text: str, fmt: str, resolve_url: UrlResolver = None) -> str:
    """Like `to_html` but without the single wrapping paragraph Markdown adds."""
    rendered = to_html(text, fmt, resolve_url)
    match = _PARAGRAPH.match(rendered)
    if match and "<p>" not in match.group(1):
        return match.group(1)
    return rendered


def image_html(src: str, resolve_url: UrlResolver = None) -> str:
    """An `<img>` for an attached picture (path relative to the quiz file, or URL)."""
    if not src:
        return ""
    url = resolve_url(src) if resolve_url and _is_relative(src) else src
    tag = f'<img src="{html.escape(url, quote=True)}" alt="" loading="lazy">'
    return sanitize(tag)


def _is_relative(url: str) -> bool:
    return ":" not in url.split("/", 1)[0] and not url.startswith(("/", "#"))
