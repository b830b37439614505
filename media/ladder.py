"""The rendition ladder as data, and planning which rungs a given source gets.

Heights are the short side, so portrait clips stay portrait. No rung is ever upscaled;
a source smaller than the lowest rung gets one rung at its own (even) size.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .probe import VideoStream

GOP_SECONDS = 2
SEGMENT_SECONDS = 4  # a whole number of GOPs, so segments start on aligned key frames


@dataclass(frozen=True)
class Rung:
    name: str  # e.g. "360p": the short side in pixels
    label: str  # role shown to people: data saver, standard, ...
    short_side: int
    max_fps: int
    slides_max_fps: int
    crf: int
    maxrate_kbps: int
    audio_kbps: int
    progressive_mp4: bool  # also published as a +faststart MP4 (fallback, download)
    profile: str = "main"
    level: str = "3.1"

    @property
    def bufsize_kbps(self) -> int:
        # A one-second buffer keeps every second of video near the cap (paid data).
        return self.maxrate_kbps


LADDER: tuple[Rung, ...] = (
    Rung("240p", "data_saver", 240, 15, 10, 28, 200, 48, True),
    Rung("360p", "standard", 360, 30, 10, 27, 400, 64, True),
    Rung("480p", "high", 480, 30, 10, 26, 700, 64, False),
    Rung("720p", "hd", 720, 30, 10, 25, 1200, 64, False),
)


@dataclass(frozen=True)
class AudioRung:
    """The listen-mode rendition (听课): speech only, mono AAC-LC (Debian's ffmpeg has
    no HE-AAC), progressive with +faststart so a phone can start it at once."""

    name: str  # the file name, without extension
    kbps: int
    sample_rate: int


LISTEN = AudioRung("listen", 32, 44100)  # about 0.23 MB a minute


# The poster: a frame at the tallest rung no taller than this (a phone's screen), as a
# JPEG of this quality (ffmpeg's q:v, 2 best .. 31 smallest): about 10-20 KB.
POSTER_SHORT_SIDE = 360
POSTER_QUALITY = 8
POSTER_MAX_BYTES = 20 * 1024


@dataclass(frozen=True)
class PlannedRung:
    """A rung fitted to one source: its real frame size and frame rate."""

    rung: Rung
    width: int
    height: int
    fps: Fraction
    slides: bool

    @property
    def name(self) -> str:
        return f"{min(self.width, self.height)}p"

    @property
    def gop_frames(self) -> int:
        return max(1, round(self.fps * GOP_SECONDS))


def plan_ladder(
    video: VideoStream, *, slides: bool = False, ladder: tuple[Rung, ...] = LADDER
) -> tuple[PlannedRung, ...]:
    """Rungs not taller than the source (short side); the lowest at source size if smaller."""
    width, height = video.display_size
    short = min(width, height)
    chosen = [r for r in ladder if r.short_side <= short] or [ladder[0]]
    return tuple(
        PlannedRung(
            rung=r,
            width=_fit(width, short, min(r.short_side, short)),
            height=_fit(height, short, min(r.short_side, short)),
            fps=output_rate(video.fps, r.slides_max_fps if slides else r.max_fps),
            slides=slides,
        )
        for r in chosen
    )


def output_rate(source: Fraction, cap: int) -> Fraction:
    """The source rate divided by the smallest whole number that brings it under `cap`.

    Whole divisors keep motion even (30 -> 15, 29.97 -> 14.985, 25 -> 12.5).
    """
    divisor = 1
    while source / divisor > cap:
        divisor += 1
    return source / divisor


def _fit(side: int, short: int, target_short: int) -> int:
    """Scale `side` so the short side becomes `target_short`: nearest even size, never
    above the source's own (even) size."""
    scaled = side * target_short / short
    return max(2, min(round(scaled / 2) * 2, side // 2 * 2))
