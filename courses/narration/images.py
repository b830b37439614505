"""Illustrations as Pillow images fitted into a box.

Pillow cannot read SVG, so SVG files are rasterised by librsvg's `rsvg-convert`
(Debian package `librsvg2-bin`) straight at the size they are shown at. Text inside an
SVG is laid out by Pango; `PANGO_LANGUAGE=zh-cn` makes it pick the Simplified Chinese
forms of the CJK font. Raster images (PNG, JPEG …) are opened by Pillow.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from PIL import Image

from courses.narration.errors import NarrationError

RSVG = "rsvg-convert"
TIMEOUT_S = 60


class IllustrationError(NarrationError):
    """An illustration could not be read or rasterised."""


def fitted_image(path: Path, max_width: int, max_height: int) -> Image.Image:
    """The image at `path` as RGBA, scaled to fit the box, aspect ratio kept."""
    if path.suffix.lower() == ".svg":
        image = _rasterise_svg(path, max_width, max_height)
    else:
        try:
            with Image.open(path) as opened:
                image = opened.convert("RGBA")
        except OSError as error:
            raise IllustrationError(f"{path.name}: {error}") from error
    scale = min(max_width / image.width, max_height / image.height)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image if image.size == size else image.resize(size, Image.LANCZOS)


def _rasterise_svg(path: Path, max_width: int, max_height: int) -> Image.Image:
    with tempfile.TemporaryDirectory(prefix="narration-svg-") as tmp:
        png = Path(tmp) / "image.png"
        box = ["--keep-aspect-ratio", "-w", str(max_width), "-h", str(max_height)]
        _run([RSVG, *box, "-f", "png", "-o", str(png), str(path)])
        with Image.open(png) as opened:
            return opened.convert("RGBA")


@cache
def rsvg_version() -> str:
    """rsvg-convert's version line, part of the cache key."""
    return _run([RSVG, "--version"]).strip()


def _run(argv: list[str]) -> str:
    env = {**os.environ, "PANGO_LANGUAGE": "zh-cn"}
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=TIMEOUT_S, env=env
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise IllustrationError(f"{RSVG} could not run: {error}") from error
    if done.returncode != 0:
        raise IllustrationError(f"{RSVG} failed: {done.stderr.strip()[-500:]}")
    return done.stdout
