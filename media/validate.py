"""Reject uploads that cannot become a lesson video: limits, truncation, corruption.

`inspect_upload` is the one call: probe, check limits, then decode a few short windows
(start, middle, end) to catch files cut short or damaged, which ffprobe alone accepts.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path

from .messages import reject
from .probe import FFPROBE, PROBE_TIMEOUT_S, ProbeResult, probe, run_tool

MAX_DURATION_S = 30 * 60.0
MIN_DURATION_S = 1.0
MAX_SIZE_BYTES = 2 * 1024**3
MAX_DIMENSION_PX = 4096
# The last decoded frame may end this much before the stated duration.
END_TOLERANCE_S = 2.0
WINDOW_S = 1.0
# Inter frames this small next to key frames mean slides, not filmed motion.
SLIDES_RATIO = 0.015


@dataclass(frozen=True)
class Limits:
    max_duration_s: float = MAX_DURATION_S
    min_duration_s: float = MIN_DURATION_S
    max_size_bytes: int = MAX_SIZE_BYTES
    max_dimension_px: int = MAX_DIMENSION_PX


@dataclass(frozen=True)
class Inspection:
    """What validation learned: the probe and a hint whether the clip looks like slides."""

    probe: ProbeResult
    looks_like_slides: bool
    inter_to_key_ratio: float


def inspect_upload(
    path: Path, *, limits: Limits = Limits(), timeout: float = PROBE_TIMEOUT_S
) -> Inspection:
    """Probe and validate `path`; raise `MediaRejected` with a Chinese message if unusable."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise reject("unreadable", str(exc)) from exc
    if size > limits.max_size_bytes:
        raise reject("too_large", f"{size} bytes", max_gb=_gb(limits.max_size_bytes))
    result = probe(path, timeout=timeout)
    check_limits(result, limits)
    ratio = check_integrity(result, timeout=timeout)
    return Inspection(result, ratio < SLIDES_RATIO, ratio)


def check_limits(result: ProbeResult, limits: Limits = Limits()) -> None:
    """Raise for a missing video stream or a duration, size or frame outside `limits`."""
    if result.size_bytes > limits.max_size_bytes:
        raise reject("too_large", max_gb=_gb(limits.max_size_bytes))
    video = result.video
    if video is None or video.width <= 0 or video.height <= 0:
        raise reject("no_video", result.format_name)
    if result.duration_s > limits.max_duration_s:
        minutes = f"{limits.max_duration_s / 60:g}"
        raise reject("too_long", f"{result.duration_s:.1f} s", max_minutes=minutes)
    if result.duration_s < limits.min_duration_s:
        seconds = f"{limits.min_duration_s:g}"
        raise reject("too_short", f"{result.duration_s:.2f} s", min_seconds=seconds)
    if max(video.display_size) > limits.max_dimension_px:
        size = "x".join(map(str, video.display_size))
        raise reject("too_big_frame", size, max_px=limits.max_dimension_px)


def check_integrity(result: ProbeResult, *, timeout: float = PROBE_TIMEOUT_S) -> float:
    """Decode windows at start, middle and end; return the inter/key frame size ratio.

    A file cut in half keeps its header's duration but has no frames near the end, and
    its demuxer reports a partial file: both mean "corrupt".
    """
    video_end = _video_end(result)
    tail_start = max(0.0, video_end - END_TOLERANCE_S - WINDOW_S)
    intervals = f"%+{WINDOW_S},{video_end / 2:.3f}%+{WINDOW_S},{tail_start:.3f}%"
    argv = [FFPROBE, "-v", "error", "-of", "json", "-select_streams", "v:0"]
    argv += ["-read_intervals", intervals, "-show_entries"]
    argv += ["frame=best_effort_timestamp_time,pkt_size,pict_type", str(result.path)]
    done = run_tool(argv, timeout)
    try:
        frames = json.loads(done.stdout or "{}").get("frames", [])
    except json.JSONDecodeError:
        frames = []
    times = [float(f["best_effort_timestamp_time"]) for f in frames if _has_time(f)]
    if done.returncode != 0 or "partial file" in done.stderr or not times:
        raise reject("corrupt", _last_line(done.stderr))
    if max(times) < video_end - END_TOLERANCE_S - _frame_s(result):
        raise reject(
            "corrupt", f"frames end at {max(times):.2f} s of {video_end:.2f} s"
        )
    return _inter_to_key_ratio(frames)


def _video_end(result: ProbeResult) -> float:
    stream_duration = result.video.duration_s if result.video else None
    return min(result.duration_s, stream_duration or result.duration_s)


def _frame_s(result: ProbeResult) -> float:
    return float(1 / result.video.fps) if result.video else 0.1


def _inter_to_key_ratio(frames: list[dict]) -> float:
    key = [int(f["pkt_size"]) for f in frames if f.get("pict_type") == "I"]
    inter = [int(f["pkt_size"]) for f in frames if f.get("pict_type") in ("P", "B")]
    if not key or not inter:
        return 1.0  # all-intra or too short to tell: treat as motion
    return statistics.median(inter) / statistics.median(key)


def _has_time(frame: dict) -> bool:
    return frame.get("best_effort_timestamp_time") not in (None, "N/A")


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1][:200] if lines else ""


def _gb(size: int) -> str:
    return f"{size / 1024**3:g}"
