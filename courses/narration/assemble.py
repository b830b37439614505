"""Slide images plus one narration track into an H.264/AAC MP4, with ffmpeg.

Each PNG is read once a second, converted to YUV once, repeated up to the frame rate
and cut after its slide's whole number of frames (so video and audio stay in step); the
slides are joined with the concat filter. Decoding the PNG for every output frame
instead made encoding 4x slower. ffmpeg-python
builds the argv; we run it ourselves with `-nostdin -y` and a timeout.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import ffmpeg

from courses.narration.errors import NarrationError

FPS = 15
KEYFRAME_INTERVAL = FPS * 4
AUDIO_RATE = 44_100
OUTPUT_OPTIONS = {
    "vcodec": "libx264",
    "preset": "veryfast",  # as small as "medium" for still frames, 2x faster
    "tune": "stillimage",
    "crf": 24,
    "g": KEYFRAME_INTERVAL,
    "r": FPS,
    "acodec": "aac",
    "audio_bitrate": "64k",
    "ar": AUDIO_RATE,
    "ac": 1,
    "movflags": "+faststart",
    "map_metadata": -1,
    "f": "mp4",
    "fflags": "+bitexact",
    "flags:v": "+bitexact",
    "flags:a": "+bitexact",
}


class AssemblyError(NarrationError):
    """ffmpeg failed or timed out."""


def video_command(
    slides: list[tuple[Path, float]], audio: Path, out: Path
) -> list[str]:
    """The ffmpeg argv showing each (png, seconds) in turn over `audio`."""
    pictures = [
        ffmpeg.input(str(png), loop=1, framerate=1)
        .video.filter("format", "yuv420p")
        .filter("fps", FPS)
        .filter("trim", end_frame=round(seconds * FPS))
        for png, seconds in slides
    ]
    video = ffmpeg.concat(*pictures, v=1, a=0)
    sound = ffmpeg.input(str(audio)).audio
    output = ffmpeg.output(video, sound, str(out), **OUTPUT_OPTIONS)
    return ["ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error"] + (
        output.get_args()
    )


def run_ffmpeg(argv: list[str], timeout_s: float) -> None:
    """Run an ffmpeg argv; raise AssemblyError with the end of stderr on failure."""
    try:
        done = subprocess.run(
            argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout_s
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AssemblyError(f"{argv[0]} could not finish: {error}") from error
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace").strip()[-800:]
        raise AssemblyError(f"{argv[0]} failed ({done.returncode}): {stderr}")
