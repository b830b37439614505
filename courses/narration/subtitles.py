"""WebVTT subtitles for the narration: short cues timed within each sentence's speech.

A sentence is cut at clause marks into cues of at most two lines of 16 Chinese
characters. Each sentence is synthesised on its own, so its start and end are exact;
inside it, cues share the time in proportion to their spoken syllables and pauses.
Subtitles show the written text (numbers as digits, easier to read than 一百二十), and
drop the commas and full stops that end a line, as Chinese subtitles usually do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from courses.narration.speech import to_pinyin
from courses.narration.wrap import char_width, wrap

LINE_WIDTH = 16
MAX_LINES = 2
CLAUSE_RE = re.compile(r"[^，、；：,;:]+[，、；：,;:]*")
LINE_END_DROP = "，。、；,.;"
PAUSE_WEIGHTS = {",": 0.7, ";": 0.9, ".": 1.0, "!": 1.0, "?": 1.0}


@dataclass(frozen=True)
class Cue:
    """One subtitle: up to two lines shown from `start_s` to `end_s`."""

    start_s: float
    end_s: float
    text: str


def cue_texts(sentence: str) -> list[str]:
    """Split a sentence into cue texts, lines joined by a newline."""
    lines = [line.rstrip(LINE_END_DROP) for line in _lines(sentence)]
    lines = [line for line in lines if line.strip(LINE_END_DROP + "！？!?…")]
    return [
        "\n".join(lines[i : i + MAX_LINES]) for i in range(0, len(lines), MAX_LINES)
    ]


def _lines(sentence: str) -> list[str]:
    """Lines of at most LINE_WIDTH, broken at clause marks where a clause fits."""
    lines: list[str] = []
    for clause in CLAUSE_RE.findall(sentence.strip()):
        merged = (lines[-1] + clause) if lines else ""
        if lines and char_width(merged.rstrip(LINE_END_DROP)) <= LINE_WIDTH:
            lines[-1] = merged
        else:
            lines.extend(wrap(clause, _width_without_end_mark, LINE_WIDTH))
    return lines


def _width_without_end_mark(text: str) -> float:
    return char_width(text.rstrip(LINE_END_DROP))


def timed_cues(sentence: str, start_s: float, end_s: float) -> list[Cue]:
    """Cues for `sentence`, spoken from `start_s` to `end_s`."""
    texts = cue_texts(sentence)
    weights = [spoken_weight(text) for text in texts]
    total = sum(weights) or 1.0
    cues, at = [], start_s
    for text, weight in zip(texts, weights, strict=True):
        until = at + (end_s - start_s) * weight / total
        cues.append(Cue(round(at, 3), round(until, 3), text))
        at = until
    return cues


def spoken_weight(text: str) -> float:
    """Rough speaking time of `text`: one per syllable plus pauses."""
    words = to_pinyin(text).split()
    syllables = sum(1 for word in words if word.rstrip(",.;!?"))
    pauses = sum(PAUSE_WEIGHTS.get(word[-1], 0.0) for word in words)
    return max(syllables + pauses, 0.5)


def to_webvtt(cues: list[Cue]) -> str:
    """The cues as a WebVTT document."""
    parts = ["WEBVTT", ""]
    for number, cue in enumerate(cues, start=1):
        times = f"{_timestamp(cue.start_s)} --> {_timestamp(cue.end_s)}"
        parts += [str(number), times, cue.text, ""]
    return "\n".join(parts)


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis / 1000:06.3f}"
