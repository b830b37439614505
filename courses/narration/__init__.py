"""Narrated videos from illustrated lesson guides: slides, espeak-ng voice, subtitles.

`make_video(title, guide_md, base_dir, out_dir, cache_dir)` is the entry point; it
needs ffmpeg, espeak-ng, fonts-noto-cjk and (for SVG illustrations) librsvg2-bin.
"""

from courses.narration.errors import NarrationError
from courses.narration.numbers import spoken_numbers
from courses.narration.slides import Block, Slide, split_slides
from courses.narration.video import NarratedVideo, cache_key, make_video

__all__ = [
    "Block",
    "NarratedVideo",
    "NarrationError",
    "Slide",
    "cache_key",
    "make_video",
    "spoken_numbers",
    "split_slides",
]
