"""Probe a media file with ffprobe (JSON, with a timeout) into plain dataclasses."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .errors import TranscodeTimeout
from .messages import reject

FFPROBE = "ffprobe"
PROBE_TIMEOUT_S = 30.0
INTERLACED_ORDERS = frozenset({"tt", "bb", "tb", "bt"})
# Demuxers that read still images: such a "video" is a picture, not a lesson.
IMAGE_FORMATS = ("image2", "_pipe", "gif", "webp")
# High dynamic range transfers: PQ (HDR10, Dolby Vision's base) and HLG (phones).
HDR_TRANSFERS = frozenset({"smpte2084", "arib-std-b67"})


@dataclass(frozen=True)
class VideoStream:
    codec: str
    width: int  # coded size, before rotation
    height: int
    rotation: int  # degrees, 0/90/180/270
    sar: Fraction
    fps: Fraction  # the rate to plan with (average rate when variable)
    is_vfr: bool
    pix_fmt: str
    bit_depth: int
    field_order: str
    duration_s: float | None
    color_transfer: str = ""  # as ffprobe names it; "" when the file does not say

    @property
    def is_interlaced(self) -> bool:
        return self.field_order in INTERLACED_ORDERS

    @property
    def is_hdr(self) -> bool:
        return self.color_transfer in HDR_TRANSFERS

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as a viewer sees them: square pixels, rotation applied."""
        width = round(self.width * self.sar) if self.sar > 0 else self.width
        if self.rotation in (90, 270):
            return self.height, width
        return width, self.height


@dataclass(frozen=True)
class AudioStream:
    codec: str
    channels: int
    sample_rate: int


@dataclass(frozen=True)
class ProbeResult:
    path: Path
    size_bytes: int
    format_name: str
    duration_s: float
    video: VideoStream | None
    audio: AudioStream | None


def run_tool(argv: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ffprobe/ffmpeg to completion, killing it after `timeout` seconds."""
    try:
        return subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise TranscodeTimeout(f"{argv[0]} timed out after {timeout:.0f} s") from exc


def probe(path: Path, *, timeout: float = PROBE_TIMEOUT_S) -> ProbeResult:
    """Describe `path`; raise `MediaRejected("unreadable")` when it is not media."""
    path = Path(path)
    argv = [FFPROBE, "-v", "error", "-of", "json", "-show_format", "-show_streams"]
    done = run_tool([*argv, str(path)], timeout)
    try:
        data = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        data = {}
    fmt = data.get("format")
    if done.returncode != 0 or not fmt:
        raise _unreadable_or_corrupt(path, done.stderr)
    streams = data.get("streams", [])
    video = _video_stream(streams, fmt.get("format_name", ""))
    duration = _float(fmt.get("duration")) or (video.duration_s if video else None)
    if not duration:  # a still picture has no duration either
        raise reject("no_video" if video is None else "unreadable", "no duration")
    return ProbeResult(
        path=path,
        size_bytes=path.stat().st_size,
        format_name=fmt.get("format_name", ""),
        duration_s=duration,
        video=video,
        audio=_audio_stream(streams),
    )


def _unreadable_or_corrupt(path: Path, stderr: str) -> Exception:
    """A known container that fails to open was cut short; anything else is not media."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except OSError:
        head = b""
    known = head[4:8] == b"ftyp" or head.startswith((b"\x1a\x45\xdf\xa3", b"RIFF"))
    tail = stderr.strip().splitlines()[-1:] or [""]
    return reject("corrupt" if known else "unreadable", tail[0][:200])


def _video_stream(streams: list[dict], format_name: str) -> VideoStream | None:
    if any(tag in format_name for tag in IMAGE_FORMATS):
        return None
    for s in streams:
        if s.get("codec_type") != "video" or s.get("disposition", {}).get(
            "attached_pic"
        ):
            continue
        r_rate = _fraction(s.get("r_frame_rate"))
        avg_rate = _fraction(s.get("avg_frame_rate"))
        is_vfr = bool(r_rate and avg_rate and abs(r_rate - avg_rate) > r_rate / 100)
        return VideoStream(
            codec=s.get("codec_name", ""),
            width=int(s.get("width") or 0),
            height=int(s.get("height") or 0),
            rotation=_rotation(s),
            sar=_fraction(s.get("sample_aspect_ratio"), sep=":") or Fraction(1),
            fps=_planning_rate(r_rate, avg_rate, is_vfr),
            is_vfr=is_vfr,
            pix_fmt=s.get("pix_fmt", ""),
            bit_depth=int(s.get("bits_per_raw_sample") or _depth(s.get("pix_fmt", ""))),
            field_order=s.get("field_order", "unknown"),
            duration_s=_float(s.get("duration")),
            color_transfer=s.get("color_transfer", ""),
        )
    return None


def _audio_stream(streams: list[dict]) -> AudioStream | None:
    for s in streams:
        if s.get("codec_type") == "audio":
            return AudioStream(
                codec=s.get("codec_name", ""),
                channels=int(s.get("channels") or 0),
                sample_rate=int(s.get("sample_rate") or 0),
            )
    return None


def _rotation(stream: dict) -> int:
    """Rotation from the display matrix side data, else the legacy `rotate` tag."""
    for side in stream.get("side_data_list", []):
        if "rotation" in side:
            return round(float(side["rotation"])) % 360
    return round(float(stream.get("tags", {}).get("rotate", 0) or 0)) % 360


def _planning_rate(
    r_rate: Fraction | None, avg: Fraction | None, vfr: bool
) -> Fraction:
    """Variable-rate phone clips plan with their average rate, rounded to whole fps."""
    rate = avg if vfr else (r_rate or avg)
    if not rate or rate <= 0 or rate > 240:
        return Fraction(25)
    return Fraction(round(rate)) if vfr else rate


def _depth(pix_fmt: str) -> int:
    for depth in (16, 14, 12, 10, 9):
        if f"p{depth}" in pix_fmt:
            return depth
    return 8


def _fraction(value: str | None, sep: str = "/") -> Fraction | None:
    try:
        num, den = (int(x) for x in str(value).split(sep))
        return Fraction(num, den) if den and num else None
    except (ValueError, TypeError):
        return None


def _float(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
