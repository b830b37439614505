"""Caption files: read SRT or WebVTT as trainers upload them, validate, write WebVTT.

Trainers' files often come from Windows tools in GBK, so decoding tries UTF-8 (with or
without BOM), UTF-16 with BOM, then GB18030. Cue text is reduced to plain text (tags and
ASS overrides removed, `&`/`<`/`>` escaped) so nothing in a caption can inject markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .messages import reject
from .storyboard import vtt_time

SUFFIXES = (".srt", ".vtt")
# End times may overrun the video by this much (encoders pad audio); they are clamped.
OVERRUN_TOLERANCE_S = 2.0
_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")


@dataclass(frozen=True)
class CaptionInput:
    """An uploaded caption file and its language (BCP 47, e.g. "zh-CN")."""

    path: Path
    lang: str = "zh-CN"
    label: str = "中文"


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str


def read_captions(path: Path, duration_s: float) -> list[Cue]:
    """Parse and validate `path`; raise `CaptionsRejected` with a Chinese message."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise reject("captions_type", path.suffix)
    text = _decode(path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
    cues = list(_parse(text))
    if not cues:
        raise reject("captions_empty")
    for number, cue in enumerate(cues, start=1):
        if cue.end_s <= cue.start_s or cue.start_s >= duration_s:
            raise reject("captions_timing", f"cue {number}", cue=number)
        if cue.end_s > duration_s + OVERRUN_TOLERANCE_S:
            raise reject("captions_timing", f"cue {number} ends late", cue=number)
    return sorted(
        (Cue(c.start_s, min(c.end_s, duration_s), c.text) for c in cues),
        key=lambda c: c.start_s,
    )


def write_webvtt(cues: list[Cue], path: Path) -> None:
    lines = ["WEBVTT", ""]
    for cue in cues:
        lines += [f"{vtt_time(cue.start_s)} --> {vtt_time(cue.end_s)}", cue.text, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise reject("captions_encoding")


def _parse(text: str):
    """Yield cues from SRT or WebVTT blocks; header, NOTE, STYLE, REGION are skipped."""
    line_no = 1
    for block in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = block.split("\n")
        first_line, line_no = line_no, line_no + len(lines) + 1
        head = lines[0].strip()
        if head.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")) or not head:
            continue
        timing = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        match = _TIMING.match(lines[timing]) if timing is not None else None
        if match is None:
            raise reject("captions_format", f"line {first_line}", line=first_line)
        body = "\n".join(filter(None, (_clean(line) for line in lines[timing + 1 :])))
        if body:
            yield Cue(_seconds(match.groups()[:4]), _seconds(match.groups()[4:]), body)


def _clean(line: str) -> str:
    plain = _TAG.sub("", line).replace("-->", "→").strip()
    return plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _seconds(parts: tuple[str | None, ...]) -> float:
    hours, minutes, seconds, fraction = parts
    millis = int(fraction.ljust(3, "0"))
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + millis / 1000
