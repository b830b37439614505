"""The narration track of a slide show: one audio stream, slide durations and cues.

Every sentence is spoken by its own espeak-ng run (in parallel), so each sentence's
place in the track is known exactly and the subtitles follow the voice. A slide lasts
a short lead-in, its sentences and a tail, rounded up to whole video frames.
"""

from __future__ import annotations

import math
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from courses.narration.assemble import FPS
from courses.narration.slides import Slide
from courses.narration.speech import (
    RATE,
    Clip,
    silence,
    speakable,
    synthesize,
    voiced_end_s,
)
from courses.narration.subtitles import Cue, timed_cues

LEAD_S, TAIL_S, EMPTY_SLIDE_S = 0.3, 0.8, 2.0
SENTENCE_RE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")


@dataclass(frozen=True)
class Track:
    """PCM frames of the whole narration, each slide's seconds, and the cues."""

    frames: bytes
    rate: int
    slide_durations: tuple[float, ...]
    cues: tuple[Cue, ...]

    @property
    def duration_s(self) -> float:
        return sum(self.slide_durations)


def sentences(narration: str) -> list[str]:
    """The narration's sentences that have something to say."""
    found = (s.strip() for s in SENTENCE_RE.findall(narration))
    return [s for s in found if s and speakable(s)]


def narrate(slides: list[Slide]) -> Track:
    """Speak every slide's narration and lay the clips end to end."""
    per_slide = [sentences(slide.narration) for slide in slides]
    flat = [sentence for group in per_slide for sentence in group]
    workers = max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        clips = iter(list(pool.map(synthesize, flat)))
    frames, durations, cues, offset = [], [], [], 0.0
    for group in per_slide:
        pairs = [(sentence, next(clips)) for sentence in group]
        audio, seconds, slide_cues = _slide_audio(pairs, offset)
        frames.append(audio)
        durations.append(seconds)
        cues.extend(slide_cues)
        offset += seconds
    return Track(b"".join(frames), RATE, tuple(durations), tuple(cues))


def _slide_audio(
    pairs: list[tuple[str, Clip]], offset_s: float
) -> tuple[bytes, float, list[Cue]]:
    """One slide's audio (padded to whole frames), its seconds and its cues."""
    parts, cues, at = [silence(LEAD_S, RATE)], [], LEAD_S
    for sentence, clip in pairs:
        start = offset_s + at
        cues += timed_cues(sentence, start, start + voiced_end_s(clip))
        parts.append(clip.frames)
        at += clip.duration_s
    wanted = at + TAIL_S if pairs else EMPTY_SLIDE_S
    seconds = math.ceil(round(wanted * FPS, 6)) / FPS
    audio = b"".join(parts)
    return audio + silence(seconds - len(audio) / 2 / RATE, RATE), seconds, cues
