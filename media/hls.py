"""HLS packaging after the encode: measure segments, write the master playlist, and
remux a rung's fMP4 segments into a progressive `+faststart` MP4.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from .command import GLOBAL_ARGS, INIT_NAME
from .ladder import PlannedRung
from .probe import run_tool
from .runner import classify_exit

AUDIO_CODEC = "mp4a.40.2"  # AAC-LC
MASTER_NAME = "master.m3u8"


@dataclass(frozen=True)
class Measured:
    """Bit rates of one rung as produced, from its segments (bits per second)."""

    peak_bps: int
    average_bps: int
    duration_s: float
    bytes: int  # init + all segments
    segment_count: int
    codecs: str


def measure_rung(playlist: Path) -> Measured:
    """Read a media playlist and its files: peak and average segment bit rates."""
    folder = playlist.parent
    segments = list(_segments(playlist.read_text(encoding="utf-8")))
    if not segments:
        raise ValueError(f"{playlist} lists no segments")
    sizes = [(folder / name).stat().st_size for name, _ in segments]
    total_s = sum(duration for _, duration in segments)
    # A last segment shorter than a second would overstate the peak rate.
    rates = [
        size * 8 / duration
        for size, (_, duration) in zip(sizes, segments, strict=True)
        if duration >= 1.0 or len(segments) == 1
    ]
    init = folder / INIT_NAME
    return Measured(
        peak_bps=round(max(rates or [sum(sizes) * 8 / total_s])),
        average_bps=round(sum(sizes) * 8 / total_s),
        duration_s=total_s,
        bytes=sum(sizes) + init.stat().st_size,
        segment_count=len(segments),
        codecs=f"{avc_codec_string(init)},{AUDIO_CODEC}",
    )


def _segments(text: str):
    duration = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#EXTINF:"):
            duration = float(line[len("#EXTINF:") :].split(",")[0])
        elif line and not line.startswith("#") and duration is not None:
            yield line, duration
            duration = None


def avc_codec_string(init_segment: Path) -> str:
    """RFC 6381 `avc1.PPCCLL` from the avcC box the encoder really wrote."""
    data = init_segment.read_bytes()
    at = data.find(b"avcC")
    if at < 0:
        raise ValueError(f"{init_segment} has no avcC box")
    profile, compat, level = data[at + 5 : at + 8]
    return f"avc1.{profile:02x}{compat:02x}{level:02x}"


def write_master(
    path: Path, rungs: tuple[PlannedRung, ...], measured: dict[str, Measured]
) -> None:
    """Master playlist, lowest rung first so players start cheap and climb."""
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for rung in rungs:
        m = measured[rung.name]
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={m.peak_bps},AVERAGE-BANDWIDTH={m.average_bps},"
            f"RESOLUTION={rung.width}x{rung.height},FRAME-RATE={float(rung.fps):.3f},"
            f'CODECS="{m.codecs}"'
        )
        lines.append(f"{rung.name}/index.m3u8")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def remux_argv(fragmented: str, target: str) -> list[str]:
    """Copy (no re-encode) a fragmented MP4 into a progressive one, moov first."""
    node = ffmpeg.input(fragmented).output(
        target, c="copy", movflags="+faststart", map_metadata=-1
    )
    return node.global_args(*GLOBAL_ARGS).compile(overwrite_output=True)


def make_progressive_mp4(work_dir: Path, rung: PlannedRung, timeout_s: float) -> Path:
    """Join init + segments (a valid fragmented MP4) and remux it with +faststart."""
    folder = work_dir / rung.name
    joined = work_dir / f"{rung.name}.fragmented.mp4"
    segments = [name for name, _ in _segments((folder / "index.m3u8").read_text())]
    with joined.open("wb") as out:
        for name in [INIT_NAME, *segments]:
            out.write((folder / name).read_bytes())
    target = work_dir / f"{rung.name}.mp4"
    done = run_tool(remux_argv(str(joined), str(target)), timeout_s)
    joined.unlink()
    classify_exit(done.returncode, done.stderr)
    return target
