"""`transcode()`: one upload in, one published lesson folder (and its Manifest) out.

Everything is built in a work folder beside `out_dir` (`.<name>.partial`) and renamed
into place only when complete, so a killed worker never leaves a half-written published
folder; the next run deletes the stale work folder and starts clean. One job per
`out_dir` at a time is the job layer's rule (it owns the lesson's status row).
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .captions import CaptionInput, read_captions, write_webvtt
from .command import (
    LISTEN_NAME,
    LISTEN_PLAYLIST,
    POSTER_NAME,
    STORYBOARD_NAME,
    THUMBS_DIR,
    TranscodePlan,
    transcode_argv,
)
from .errors import OutOfDiskSpace
from .hls import (
    MASTER_NAME,
    Measured,
    make_progressive_mp4,
    measure_rung,
    write_master,
)
from .ladder import LADDER, LISTEN, PlannedRung, Rung, plan_ladder
from .manifest import (
    AudioTrack,
    CaptionTrack,
    Manifest,
    Rendition,
    Storyboard,
    load_manifest,
)
from .runner import STALL_TIMEOUT_S, ProgressCallback, run_ffmpeg
from .storyboard import build_sprite, plan_storyboard, write_storyboard_vtt
from .validate import Inspection, Limits, inspect_upload

ENCODE_SHARE = 0.95  # of the progress bar; packaging takes the rest
MIN_TIMEOUT_S = 600.0
TIMEOUT_PER_MEDIA_SECOND = 20.0
SPACE_MARGIN = 2.0  # free disk needed, as a multiple of the expected output size


@dataclass(frozen=True)
class TranscodeOptions:
    """Knobs the job layer may set; the defaults suit phone uploads on a small server."""

    slides: bool | None = None  # None: decide from the probe hint
    preset: str = "veryfast"
    poster_at_s: float | None = None  # None: 10 % in, at most 10 s
    limits: Limits = field(default_factory=Limits)
    ladder: tuple[Rung, ...] = LADDER
    timeout_s: float | None = None  # None: generous, from the duration
    stall_timeout_s: float = STALL_TIMEOUT_S


def work_dir_for(out_dir: Path) -> Path:
    """The work folder beside `out_dir` (same file system, so the final rename is atomic)."""
    return out_dir.parent / f".{out_dir.name}.partial"


def plan_transcode(inspection: Inspection, options: TranscodeOptions) -> TranscodePlan:
    """Decide the rungs, storyboard and poster for a validated upload."""
    probe = inspection.probe
    video = probe.video
    assert video is not None  # inspect_upload rejects sources without video
    slides = inspection.looks_like_slides if options.slides is None else options.slides
    duration = probe.duration_s
    poster_at = options.poster_at_s
    if poster_at is None or not 0 <= poster_at < duration:
        poster_at = min(duration * 0.1, 10.0)
    return TranscodePlan(
        source=probe.path.resolve(),
        duration_s=duration,
        video=video,
        has_audio=probe.audio is not None,
        rungs=plan_ladder(video, slides=slides, ladder=options.ladder),
        storyboard=plan_storyboard(duration, video.display_size),
        poster_at_s=poster_at,
        preset=options.preset,
    )


def transcode(
    source: Path,
    out_dir: Path,
    *,
    progress: ProgressCallback | None = None,
    captions: Sequence[CaptionInput] | None = None,
    options: TranscodeOptions | None = None,
) -> Manifest:
    """Validate `source`, build every output and publish them as `out_dir`.

    Raises `MediaRejected` (bad upload, nothing written), `TransientTranscodeError`
    (retry later) or `TranscodeFailed` (permanent). Progress is reported as 0..1.
    """
    options = options or TranscodeOptions()
    out_dir = Path(out_dir)
    inspection = inspect_upload(Path(source), limits=options.limits)
    duration = inspection.probe.duration_s
    cue_lists = [(c, read_captions(c.path, duration)) for c in captions or ()]
    plan = plan_transcode(inspection, options)
    _build_and_publish(plan, out_dir, options, progress, cue_lists)
    if progress:
        progress(1.0)
    return load_manifest(out_dir)


def _build_and_publish(plan, out_dir, options, progress, cue_lists) -> None:
    work = work_dir_for(out_dir)
    shutil.rmtree(work, ignore_errors=True)  # left by a killed run
    _check_space(out_dir.parent, plan)
    try:
        work.mkdir(parents=True)
        _build(plan, work, options, progress, cue_lists)
        _publish(work, out_dir)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise OutOfDiskSpace(str(exc)) from exc
        raise
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _build(plan, work, options, progress, cue_lists) -> Manifest:
    listen = (LISTEN.name,) if plan.has_audio else ()
    for folder in (*(rung.name for rung in plan.rungs), THUMBS_DIR, *listen):
        (work / folder).mkdir()
    timeout = options.timeout_s or max(
        MIN_TIMEOUT_S, plan.duration_s * TIMEOUT_PER_MEDIA_SECOND
    )
    run_ffmpeg(
        transcode_argv(plan),
        cwd=work,
        duration_s=plan.duration_s,
        progress=(lambda f: progress(f * ENCODE_SHARE)) if progress else None,
        timeout_s=timeout,
        stall_timeout_s=options.stall_timeout_s,
    )
    packaged = [_package_rung(work, rung, timeout) for rung in plan.rungs]
    write_master(work / MASTER_NAME, plan.rungs, {r.name: m for r, m in packaged})
    board = build_sprite(work / THUMBS_DIR, plan.storyboard, work / STORYBOARD_NAME)
    write_storyboard_vtt(
        board, plan.duration_s, STORYBOARD_NAME, work / "storyboard.vtt"
    )
    captions = tuple(_write_captions(work, c, cues) for c, cues in cue_lists)
    manifest = _manifest(plan, board, tuple(r for r, _ in packaged), captions, work)
    manifest.write(work)
    return manifest


def _manifest(plan: TranscodePlan, board, renditions, captions, work) -> Manifest:
    return Manifest(
        duration_s=round(plan.duration_s, 3),
        width=plan.video.display_size[0],
        height=plan.video.display_size[1],
        master_playlist=MASTER_NAME,
        poster=POSTER_NAME,
        storyboard=Storyboard(STORYBOARD_NAME, "storyboard.vtt", **asdict(board)),
        renditions=renditions,
        captions=captions,
        is_slides=plan.rungs[0].slides,
        source_has_audio=plan.has_audio,
        audio=_listen_track(work) if plan.has_audio else None,
    )


def _listen_track(work: Path) -> AudioTrack:
    size = (work / LISTEN_NAME).stat().st_size
    return AudioTrack(LISTEN_NAME, size, LISTEN.kbps, LISTEN_PLAYLIST)


def _package_rung(
    work: Path, rung: PlannedRung, timeout: float
) -> tuple[Rendition, Measured]:
    measured = measure_rung(work / rung.name / "index.m3u8")
    mp4 = (
        make_progressive_mp4(work, rung, timeout) if rung.rung.progressive_mp4 else None
    )
    rendition = Rendition(
        name=rung.name,
        label=rung.rung.label,
        width=rung.width,
        height=rung.height,
        fps=round(float(rung.fps), 3),
        bandwidth_bps=measured.peak_bps,
        average_bandwidth_bps=measured.average_bps,
        codecs=measured.codecs,
        playlist=f"{rung.name}/index.m3u8",
        hls_bytes=measured.bytes,
        mp4=mp4.name if mp4 else None,
        mp4_bytes=mp4.stat().st_size if mp4 else None,
    )
    return rendition, measured


def _write_captions(work: Path, caption: CaptionInput, cues) -> CaptionTrack:
    folder = work / "captions"
    folder.mkdir(exist_ok=True)
    path = folder / f"{caption.lang}.vtt"
    write_webvtt(cues, path)
    return CaptionTrack(caption.lang, caption.label, f"captions/{path.name}", len(cues))


def _check_space(parent: Path, plan: TranscodePlan) -> None:
    kbps = sum(r.rung.maxrate_kbps + r.rung.audio_kbps for r in plan.rungs)
    expected = kbps * 1000 / 8 * plan.duration_s * 1.5 * SPACE_MARGIN
    parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(parent).free
    if free < expected:
        raise OutOfDiskSpace(f"{free} bytes free, about {expected:.0f} needed")


def _publish(work: Path, out_dir: Path) -> None:
    """Rename the finished work folder into place, replacing an older publication."""
    if out_dir.exists():
        old = out_dir.parent / f".{out_dir.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        out_dir.rename(old)
        work.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        work.rename(out_dir)
