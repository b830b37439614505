"""make_video(): a lesson guide in, a narrated MP4 and its WebVTT subtitles out, cached.

The cache key hashes everything the result depends on: the title, the guide text, the
bytes of the illustrations shown, this tool's version and the espeak-ng (and, for SVG,
librsvg) version. An entry is built in a temporary folder inside `cache_dir` and
renamed into place whole, and copies in `out_dir` are written to a temporary name and
renamed, so nobody ever sees a half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from courses.narration.assemble import run_ffmpeg, video_command
from courses.narration.images import rsvg_version
from courses.narration.render import save_slide
from courses.narration.slides import Slide, split_slides
from courses.narration.speech import espeak_version, write_wav
from courses.narration.subtitles import to_webvtt
from courses.narration.track import narrate

TOOL_VERSION = "narration-1"
VIDEO, SUBTITLES, META = "video.mp4", "video.vtt", "meta.json"


@dataclass(frozen=True)
class NarratedVideo:
    """The published MP4 and WebVTT, the video's length and whether it came cached."""

    mp4: Path
    vtt: Path
    duration_s: float
    cached: bool


def make_video(
    title: str,
    guide_md: str,
    base_dir: Path,
    out_dir: Path,
    cache_dir: Path,
    *,
    name: str = "narration",
) -> NarratedVideo:
    """Make (or reuse) the narrated video of a guide; publish `<name>.mp4/.vtt`."""
    slides = split_slides(title, guide_md, Path(base_dir))
    entry = Path(cache_dir) / cache_key(title, guide_md, slides)
    cached = (entry / META).is_file()
    if not cached:
        _build_entry(slides, entry)
    meta = json.loads((entry / META).read_text(encoding="utf-8"))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    mp4 = _publish(entry / VIDEO, out_dir / f"{name}.mp4")
    vtt = _publish(entry / SUBTITLES, out_dir / f"{name}.vtt")
    return NarratedVideo(mp4, vtt, meta["duration_s"], cached)


def cache_key(title: str, guide_md: str, slides: list[Slide]) -> str:
    """A hex digest of everything the video depends on."""
    images = [slide.image for slide in slides if slide.image is not None]
    parts = {
        "tool": TOOL_VERSION,
        "espeak": espeak_version(),
        "rsvg": rsvg_version()
        if any(p.suffix.lower() == ".svg" for p in images)
        else "",
        "title": title,
        "guide": guide_md,
        "images": [
            [p.name, hashlib.sha256(p.read_bytes()).hexdigest()] for p in images
        ],
    }
    encoded = json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def _build_entry(slides: list[Slide], entry: Path) -> None:
    """Build the cache entry in a temporary folder, then rename it into place."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=entry.parent))
    try:
        _build(slides, work)
        try:
            os.rename(work, entry)
        except OSError:
            if not (entry / META).is_file():  # not another process winning the race
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _build(slides: list[Slide], work: Path) -> None:
    """Render, narrate and assemble into `work`."""
    (work / "slides").mkdir()
    pngs = [
        save_slide(s, work / "slides" / f"{i:02d}.png") for i, s in enumerate(slides)
    ]
    track = narrate(slides)
    wav = work / "narration.wav"
    write_wav(wav, track.frames, track.rate)
    argv = video_command(
        list(zip(pngs, track.slide_durations, strict=True)), wav, work / VIDEO
    )
    run_ffmpeg(argv, timeout_s=120 + 2 * track.duration_s)
    wav.unlink()
    (work / SUBTITLES).write_text(to_webvtt(list(track.cues)), encoding="utf-8")
    meta = {"duration_s": round(track.duration_s, 3), "slides": len(slides)}
    (work / META).write_text(json.dumps(meta), encoding="utf-8")


def _publish(source: Path, target: Path) -> Path:
    """Copy `source` to `target` through a temporary file in the same folder."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
