"""Thumbnail storyboard: one sprite JPEG plus a WebVTT file of `#xywh=` cues.

The main ffmpeg run writes one small JPEG per interval; this module plans the grid,
joins the thumbnails into the sprite (Pillow) and writes the cue file players use for
seek previews.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

THUMB_LONG_SIDE = 160
MAX_THUMBS = 100
MIN_INTERVAL_S = 2
MAX_COLUMNS = 10


@dataclass(frozen=True)
class StoryboardPlan:
    interval_s: int
    count: int
    columns: int
    rows: int
    tile_width: int
    tile_height: int


def plan_storyboard(duration_s: float, display_size: tuple[int, int]) -> StoryboardPlan:
    """A grid holding one thumbnail per `interval_s`, at most `MAX_THUMBS` in all."""
    interval = max(MIN_INTERVAL_S, math.ceil(duration_s / MAX_THUMBS))
    count = max(1, math.ceil(duration_s / interval))
    columns = min(MAX_COLUMNS, count)
    width, height = display_size
    scale = THUMB_LONG_SIDE / max(width, height)
    return StoryboardPlan(
        interval_s=interval,
        count=count,
        columns=columns,
        rows=math.ceil(count / columns),
        tile_width=max(2, round(width * scale / 2) * 2),
        tile_height=max(2, round(height * scale / 2) * 2),
    )


def build_sprite(thumbs: Path, plan: StoryboardPlan, target: Path) -> StoryboardPlan:
    """Paste the thumbnails of `thumbs` into one JPEG grid; remove the folder.

    Returns the plan with the real count (ffmpeg's rounding may make one fewer)."""
    files = sorted(thumbs.glob("*.jpg"))[: plan.count]
    if not files:
        raise ValueError(f"no thumbnails in {thumbs}")
    plan = replace(plan, count=len(files), rows=math.ceil(len(files) / plan.columns))
    size = (plan.columns * plan.tile_width, plan.rows * plan.tile_height)
    with Image.new("RGB", size) as sprite:
        for index, path in enumerate(files):
            with Image.open(path) as thumb:
                x = (index % plan.columns) * plan.tile_width
                y = (index // plan.columns) * plan.tile_height
                sprite.paste(thumb.convert("RGB"), (x, y))
        sprite.save(target, "JPEG", quality=70, optimize=True)
    shutil.rmtree(thumbs)
    return plan


def write_storyboard_vtt(
    plan: StoryboardPlan, duration_s: float, image_name: str, path: Path
) -> None:
    """Write one cue per thumbnail pointing into the sprite with a media fragment."""
    lines = ["WEBVTT", ""]
    for index in range(plan.count):
        start = index * plan.interval_s
        last = index == plan.count - 1
        end = duration_s if last else min(duration_s, start + plan.interval_s)
        x = (index % plan.columns) * plan.tile_width
        y = (index // plan.columns) * plan.tile_height
        lines.append(f"{vtt_time(start)} --> {vtt_time(end)}")
        xywh = f"{x},{y},{plan.tile_width},{plan.tile_height}"
        lines += [f"{image_name}#xywh={xywh}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def vtt_time(seconds: float) -> str:
    """Format seconds as a WebVTT timestamp, HH:MM:SS.mmm."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
