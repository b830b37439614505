"""A lesson guide (Markdown without front matter) as a list of slides.

The title slide comes first (the lesson title, the intro text before the first `##`
and the list of sections); then one slide per `##` section with its heading, its key
text (paragraphs and list items, trimmed) and its first local illustration. Each slide
carries the plain text to narrate: the heading, then the section text; image alt text
is not read, since the picture is on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown

from courses.render import EXTENSIONS

HEADING_RE = re.compile(r"^##\s+(?P<text>.+?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "dt", "dd"}
KEY_TEXT_LIMIT = 60
CJK_GAP_RE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")
SENTENCE_END = "。！？；!?;"


@dataclass(frozen=True)
class Block:
    """One paragraph or list item of key text shown on a slide."""

    text: str
    is_bullet: bool = False


@dataclass(frozen=True)
class Slide:
    """What one slide shows and says."""

    heading: str
    blocks: tuple[Block, ...] = ()
    image: Path | None = None
    narration: str = ""
    is_title: bool = False


def split_slides(title: str, guide_md: str, base_dir: Path) -> list[Slide]:
    """Turn a guide into slides; image paths resolve against `base_dir`."""
    intro, sections = _split_sections(guide_md)
    intro_blocks, _ = _blocks_and_images(intro)
    intro_blocks = [b for b in intro_blocks if b.text]
    headings = tuple(Block(heading, is_bullet=True) for heading, _ in sections)
    narration = _narration(title, intro_blocks)
    slides = [Slide(title, headings, None, narration, is_title=True)]
    for heading, body in sections:
        blocks, images = _blocks_and_images(body)
        image = next(
            filter(None, (_local_image(src, base_dir) for src in images)), None
        )
        key_text = tuple(Block(_trim(b.text), b.is_bullet) for b in blocks)
        slides.append(Slide(heading, key_text, image, _narration(heading, blocks)))
    return slides


def _split_sections(guide_md: str) -> tuple[str, list[tuple[str, str]]]:
    """Split at level-two headings outside code fences: (intro, [(heading, body)])."""
    intro: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    in_fence = False
    for line in guide_md.splitlines():
        if FENCE_RE.match(line):
            in_fence = not in_fence
        match = None if in_fence else HEADING_RE.match(line)
        if match:
            sections.append((_inline_text(match["text"]), []))
        else:
            (sections[-1][1] if sections else intro).append(line)
    return "\n".join(intro), [(h, "\n".join(body)) for h, body in sections]


def _inline_text(text: str) -> str:
    blocks, _ = _blocks_and_images(text)
    return " ".join(b.text for b in blocks) or text


def _blocks_and_images(md_text: str) -> tuple[list[Block], list[str]]:
    parser = _TextCollector()
    parser.feed(markdown.markdown(md_text, extensions=EXTENSIONS))
    parser.close()
    return parser.blocks, parser.images


def _narration(heading: str, blocks: list[Block]) -> str:
    """Join heading and blocks into sentences, each ending with a stop."""
    parts = [heading, *(b.text for b in blocks if b.text)]
    return "\n".join(p if p[-1] in SENTENCE_END + "。：:" else p + "。" for p in parts)


def _trim(text: str, limit: int = KEY_TEXT_LIMIT) -> str:
    """Shorten long text for the slide, at a sentence end where one is near."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in SENTENCE_END)
    return text[: cut + 1] if cut >= limit // 2 else text[: limit - 1] + "…"


def _local_image(src: str, base_dir: Path) -> Path | None:
    """Resolve a relative image path; remote or missing images are left out."""
    if not src or ":" in src.split("/", 1)[0] or src.startswith(("/", "#")):
        return None
    path = (base_dir / src).resolve()
    is_image = path.suffix.lower() in IMAGE_SUFFIXES
    return path if is_image and path.is_file() else None


class _TextCollector(HTMLParser):
    """Collect block texts (marking list items) and image sources from HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.images: list[str] = []
        self._buffer: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        elif tag == "br":
            self._buffer.append(" ")
        elif tag in BLOCK_TAGS:
            self._flush()
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._buffer.append("，")
        elif tag in BLOCK_TAGS:
            self._flush()
            if tag in self._open:
                del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        self._buffer.append(data)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._buffer)).strip(" ，")
        text = CJK_GAP_RE.sub("", text)
        self._buffer = []
        if text and "h1" not in self._open:
            self.blocks.append(Block(text, is_bullet="li" in self._open))
