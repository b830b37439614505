"""Slides drawn as 1280x720 images with Pillow, sized to stay legible on a phone.

Text uses the Simplified Chinese face of Noto Sans CJK (face index 2 of the .ttc; face
0 is the Japanese one). Body type starts at 46 px and shrinks to 34 px before text is
cut, so even a 360p rendition shows 17 px characters. The bottom 80 px stay free for
the player's subtitles. An illustration sits right of the text, or fills the body when
the section has no text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from courses.narration.images import fitted_image
from courses.narration.slides import Block, Slide
from courses.narration.wrap import wrap

WIDTH, HEIGHT = 1280, 720
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
REGULAR_FONT = FONT_DIR / "NotoSansCJK-Regular.ttc"
BOLD_FONT = FONT_DIR / "NotoSansCJK-Bold.ttc"
SC_FACE_INDEX = 2
MARGIN, HEADER_H, SUBTITLE_SAFE, GUTTER = 64, 136, 80, 40
BODY_TOP, BODY_BOTTOM = HEADER_H + 36, HEIGHT - SUBTITLE_SAFE
IMAGE_W = 470
BODY_SIZES = (46, 42, 38, 34)
HEADING_SIZES = (54, 44, 38)
TITLE_SIZES = (76, 64, 56)
LINE_SPACING, BLOCK_GAP = 1.42, 0.45
WHITE, INK, NAVY = (255, 255, 255), (26, 26, 26), (12, 74, 134)
ORANGE, PALE_BLUE = (230, 120, 0), (220, 232, 245)
NOTDEF_PROBE = "\U000f0000"  # a private-use character no font here covers


@cache
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK SC at `size` pixels."""
    path = BOLD_FONT if bold else REGULAR_FONT
    return ImageFont.truetype(str(path), size, index=SC_FACE_INDEX)


def missing_glyphs(face: ImageFont.FreeTypeFont, text: str) -> set[str]:
    """Characters of `text` that `face` would draw as the .notdef box (tofu)."""
    notdef = _mask_bytes(face, NOTDEF_PROBE)
    return {
        ch for ch in set(text) if not ch.isspace() and _mask_bytes(face, ch) == notdef
    }


def _mask_bytes(face: ImageFont.FreeTypeFont, text: str) -> tuple:
    mask = face.getmask(text)
    return mask.size, bytes(mask)


def render_slide(slide: Slide) -> Image.Image:
    """Draw one slide."""
    image = Image.new("RGB", (WIDTH, HEIGHT), NAVY if slide.is_title else WHITE)
    draw = ImageDraw.Draw(image)
    if slide.is_title:
        _draw_title_slide(draw, slide)
        return image
    draw.rectangle((0, 0, WIDTH, HEADER_H), fill=NAVY)
    draw.rectangle((0, HEADER_H, WIDTH, HEADER_H + 6), fill=ORANGE)
    _draw_heading(draw, slide.heading)
    text_right = WIDTH - MARGIN
    if slide.image is not None:
        box = _image_box(has_text=bool(slide.blocks))
        _paste_centered(image, fitted_image(slide.image, box[2], box[3]), box)
        text_right = box[0] - GUTTER
    if slide.blocks:
        _draw_blocks(draw, slide.blocks, MARGIN, text_right - MARGIN)
    return image


def save_slide(slide: Slide, path: Path) -> Path:
    render_slide(slide).save(path, "PNG", optimize=True)
    return path


def _image_box(*, has_text: bool) -> tuple[int, int, int, int]:
    """(x, y, width, height) of the illustration's area."""
    if has_text:
        return WIDTH - MARGIN - IMAGE_W, BODY_TOP, IMAGE_W, BODY_BOTTOM - BODY_TOP
    return MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP


def _paste_centered(canvas: Image.Image, picture: Image.Image, box: tuple) -> None:
    x, y, width, height = box
    left, top = x + (width - picture.width) // 2, y + (height - picture.height) // 2
    canvas.paste(picture, (left, top), picture)


def _draw_heading(draw: ImageDraw.ImageDraw, heading: str) -> None:
    face, lines = _fit_lines(heading, HEADING_SIZES, WIDTH - 2 * MARGIN, 2, bold=True)
    line_h = round(face.size * 1.22)
    y = (HEADER_H - line_h * len(lines)) // 2
    for line in lines:
        draw.text((MARGIN, y + line_h // 2), line, font=face, fill=WHITE, anchor="lm")
        y += line_h


def _draw_title_slide(draw: ImageDraw.ImageDraw, slide: Slide) -> None:
    face, lines = _fit_lines(
        slide.heading, TITLE_SIZES, WIDTH - 2 * MARGIN, 3, bold=True
    )
    line_h, item_face, item_h = round(face.size * 1.3), font(36), 52
    items = slide.blocks[: (BODY_BOTTOM - 300) // item_h]
    total = line_h * len(lines) + (70 + item_h * len(items) if items else 0)
    y = max(60, (HEIGHT - total) // 2)
    for line in lines:
        draw.text(
            (WIDTH // 2, y + line_h // 2), line, font=face, fill=WHITE, anchor="mm"
        )
        y += line_h
    y += 24
    draw.rectangle((WIDTH // 2 - 80, y, WIDTH // 2 + 80, y + 6), fill=ORANGE)
    y += 40
    for number, block in enumerate(items, start=1):
        text = _ellipsize(f"{number}. {block.text}", item_face, WIDTH - 4 * MARGIN)
        draw.text(
            (WIDTH // 2, y + item_h // 2),
            text,
            font=item_face,
            fill=PALE_BLUE,
            anchor="mm",
        )
        y += item_h


@dataclass(frozen=True)
class _Layout:
    face: ImageFont.FreeTypeFont
    blocks: list[tuple[Block, list[str]]]


def _draw_blocks(draw: ImageDraw.ImageDraw, blocks, left: int, width: int) -> None:
    layout = _layout_blocks(blocks, width, BODY_BOTTOM - BODY_TOP)
    size = layout.face.size
    line_h, indent, y = round(size * LINE_SPACING), round(size * 0.9), BODY_TOP
    for block, lines in layout.blocks:
        x = left + (indent if block.is_bullet else 0)
        if block.is_bullet:
            cx, cy, r = left + size * 0.3, y + line_h / 2, size * 0.16
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=ORANGE)
        for line in lines:
            draw.text(
                (x, y + line_h // 2), line, font=layout.face, fill=INK, anchor="lm"
            )
            y += line_h
        y += round(size * BLOCK_GAP)


def _layout_blocks(blocks, width: int, height: int) -> _Layout:
    """The largest body size at which all blocks fit; else the smallest, cut to fit."""
    for size in BODY_SIZES:
        face = font(size)
        wrapped = [
            (b, wrap(b.text, face.getlength, width - _indent(b, size))) for b in blocks
        ]
        if _height(wrapped, size) <= height:
            return _Layout(face, wrapped)
    return _Layout(face, _cut_to_height(wrapped, face, width, height))


def _cut_to_height(wrapped, face, width: int, height: int) -> list:
    """Keep whole blocks while they fit, then as many lines as fit, ending in …."""
    size, kept = face.size, []
    for block, lines in wrapped:
        if _height([*kept, (block, lines)], size) <= height:
            kept.append((block, lines))
            continue
        count = len(lines) - 1
        while count and _height([*kept, (block, lines[:count])], size) > height:
            count -= 1
        if count:
            limit = width - _indent(block, size)
            last = _ellipsize(lines[count - 1] + "…", face, limit)
            kept.append((block, [*lines[: count - 1], last]))
        break
    return kept


def _indent(block: Block, size: int) -> int:
    return round(size * 0.9) if block.is_bullet else 0


def _height(wrapped, size: int) -> int:
    lines = sum(len(lines) for _, lines in wrapped)
    gaps = max(0, len(wrapped) - 1) * round(size * BLOCK_GAP)
    return lines * round(size * LINE_SPACING) + gaps


def _fit_lines(text: str, sizes, width: int, max_lines: int, *, bold: bool):
    """Wrap at the largest size giving at most `max_lines`; else cut the last line."""
    for size in sizes:
        face = font(size, bold=bold)
        lines = wrap(text, face.getlength, width)
        if len(lines) <= max_lines:
            return face, lines
    kept = lines[: max_lines - 1] + [
        _ellipsize("".join(lines[max_lines - 1 :]), face, width)
    ]
    return face, kept


def _ellipsize(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip("…") + "…"
