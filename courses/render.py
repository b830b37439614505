"""Markdown to safe HTML: the one place where authored text becomes markup.

Guides, quiz prompts and feedback all go through `render_markdown` (or `sanitize` for
text that is already HTML), so one nh3 policy decides what may reach a page.
"""

from __future__ import annotations

from collections.abc import Callable

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"class", "lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
EXTENSIONS = ["tables", "sane_lists", "attr_list"]


def sanitize(html: str) -> str:
    """Return `html` with everything outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(
    text: str, *, resolve_url: Callable[[str], str] | None = None
) -> str:
    """Render Markdown to sanitised HTML.

    `resolve_url` maps each relative image or link target (as written by the author)
    to the URL the page should use; absolute URLs are left alone.
    """
    html = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    if resolve_url is not None:
        html = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer",
            attribute_filter=_url_rewriter(resolve_url),
        )
    html = sanitize(html)
    return html.replace("<img ", '<img loading="lazy" ')


def _url_rewriter(resolve_url: Callable[[str], str]):
    def rewrite(tag: str, attr: str, value: str) -> str | None:
        if (tag, attr) in {("img", "src"), ("a", "href")} and _is_relative(value):
            return resolve_url(value)
        return value

    return rewrite


def _is_relative(url: str) -> bool:
    return (
        bool(url) and ":" not in url.split("/", 1)[0] and not url.startswith(("/", "#"))
    )
