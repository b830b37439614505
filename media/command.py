"""Build the single ffmpeg command that makes the whole ladder from one decode.

The graph: source video -> (yadif when interlaced) -> split into one branch per rung
(fps -> scale -> yuv420p) plus storyboard thumbnails (fps -> scale) and the poster
(trim -> scale). Each rung is one HLS output with fMP4 segments and mono AAC; a
source with sound also gets the listen-mode audio (`ladder.LISTEN`).
Outputs are relative paths: ffmpeg runs with the work folder as its current directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from .ladder import (
    GOP_SECONDS,
    LISTEN,
    POSTER_QUALITY,
    POSTER_SHORT_SIDE,
    SEGMENT_SECONDS,
    PlannedRung,
)
from .probe import VideoStream
from .storyboard import StoryboardPlan

GLOBAL_ARGS = ("-nostdin", "-hide_banner", "-loglevel", "error")
PROGRESS_ARGS = ("-progress", "pipe:1", "-nostats")
AUDIO_RATE = 48000
POSTER_NAME = "poster.jpg"
LISTEN_NAME = f"{LISTEN.name}.m4a"
LISTEN_PLAYLIST = f"{LISTEN.name}/index.m3u8"
STORYBOARD_NAME = "storyboard.jpg"
THUMBS_DIR = "thumbs"
INIT_NAME = "init.mp4"
PLAYLIST_NAME = "index.m3u8"
# HDR to SDR. Cheap phones show SDR BT.709: untouched, a phone's HLG or PQ clip looks
# grey and washed out. Linear light is scaled so the HDR reference white (ITU-R
# BT.2408: 203 cd/m2) is 1.0; mobius keeps everything below 0.6 as it is and rolls off
# the rest up to a 1,000 cd/m2 peak (HLG's nominal display, and the usual mastering).
HDR_REFERENCE_WHITE = 203
HDR_PEAK = 1000 / HDR_REFERENCE_WHITE
SDR_TAGS = {"color_primaries": "bt709", "color_trc": "bt709", "colorspace": "bt709"}


@dataclass(frozen=True)
class TranscodePlan:
    """Everything the command depends on; built by the pipeline from the probe."""

    source: Path
    duration_s: float
    video: VideoStream
    has_audio: bool
    rungs: tuple[PlannedRung, ...]
    storyboard: StoryboardPlan
    poster_at_s: float
    preset: str = "veryfast"


def playlist_path(rung: PlannedRung) -> str:
    return f"{rung.name}/{PLAYLIST_NAME}"


def build_command(plan: TranscodePlan):
    """The ffmpeg-python node for the whole run (call `.compile()` for the argv)."""
    source = ffmpeg.input(str(plan.source))
    video = source["v:0"]
    if plan.video.is_interlaced:
        video = video.filter(
            "yadif", mode="send_frame", parity="auto", deint="interlaced"
        )
    if plan.video.is_hdr:
        video = _to_sdr(video, plan.rungs[-1])
    branches = video.split()
    audio = _audio(plan, source)
    tags = SDR_TAGS if plan.video.is_hdr else {}  # else the source's own, unchanged
    outputs = [
        _rung_output(rung, branches[i], audio, tags)
        for i, rung in enumerate(plan.rungs)
    ]
    n = len(plan.rungs)
    outputs.append(_storyboard_output(plan.storyboard, branches[n]))
    outputs.append(_poster_output(plan, branches[n + 1]))
    if plan.has_audio:
        outputs.extend(_listen_outputs(audio))
    return ffmpeg.merge_outputs(*outputs).global_args(*GLOBAL_ARGS)


def _to_sdr(video, top: PlannedRung):
    """Tone-map an HDR picture to SDR BT.709, in linear light, at the top rung's size
    (tone mapping works in 32-bit float: at a 1080p source's size it doubled the time)."""
    return (
        video.filter(
            "zscale",
            width=top.width,
            height=top.height,
            transfer="linear",
            npl=HDR_REFERENCE_WHITE,
        )
        .filter("format", "gbrpf32le")
        .filter("zscale", primaries="bt709")
        .filter("tonemap", tonemap="mobius", param=0.6, peak=f"{HDR_PEAK:.3f}", desat=0)
        .filter("zscale", transfer="bt709", matrix="bt709", range="tv")
    )


def transcode_argv(plan: TranscodePlan, *, with_progress: bool = True) -> list[str]:
    """The argv to run in the work folder; progress goes to stdout as key=value lines."""
    argv = build_command(plan).compile(overwrite_output=True)
    return argv + list(PROGRESS_ARGS) if with_progress else argv


def _audio(plan: TranscodePlan, source):
    if plan.has_audio:
        return source["a:0"]
    # Some Android players refuse a video without audio: give them silence instead.
    silence = ffmpeg.input(
        f"anullsrc=r={AUDIO_RATE}:cl=mono", f="lavfi", t=f"{plan.duration_s:.3f}"
    )
    return silence["a"]


def _rung_output(rung: PlannedRung, branch, audio, tags: dict[str, str]):
    video = (
        branch.filter("fps", fps=str(rung.fps))
        .filter("scale", rung.width, rung.height)
        .filter("setsar", "1")
        .filter("format", "yuv420p")
    )
    options = {**_video_options(rung), **_audio_options(rung), **_hls_options(rung)}
    return ffmpeg.output(video, audio, playlist_path(rung), **options, **tags)


def _video_options(rung: PlannedRung) -> dict[str, object]:
    spec = rung.rung
    options: dict[str, object] = {
        "c:v": "libx264",
        "profile:v": spec.profile,
        "level:v": spec.level,
        "crf": spec.crf,
        "maxrate": f"{spec.maxrate_kbps}k",
        "bufsize": f"{spec.bufsize_kbps}k",
        "g": rung.gop_frames,
        "keyint_min": rung.gop_frames,
        "sc_threshold": 0,
        "force_key_frames": f"expr:gte(t,n_forced*{GOP_SECONDS})",
        "map_metadata": -1,  # drop phone tags such as the recording location
        "map_chapters": -1,
    }
    if rung.slides:
        options["tune"] = "stillimage"
    return options


def _audio_options(rung: PlannedRung) -> dict[str, object]:
    return {"c:a": "aac", "b:a": f"{rung.rung.audio_kbps}k", "ac": 1, "ar": AUDIO_RATE}


def _hls_options(rung: PlannedRung) -> dict[str, object]:
    return {
        "f": "hls",
        "hls_time": SEGMENT_SECONDS,
        "hls_playlist_type": "vod",
        "hls_segment_type": "fmp4",
        "hls_fmp4_init_filename": INIT_NAME,
        "hls_segment_filename": f"{rung.name}/seg_%05d.m4s",
        "hls_flags": "independent_segments",
    }


def _storyboard_output(board: StoryboardPlan, branch):
    # Separate small JPEGs, joined into the sprite afterwards: a `tile` filter would
    # emit its only frame at the end, and ffmpeg reports no progress until every
    # output has started.
    thumbs = (
        branch.filter("fps", fps=f"1/{board.interval_s}")
        .filter("scale", board.tile_width, board.tile_height)
        .filter("setsar", "1")
    )
    return ffmpeg.output(thumbs, f"{THUMBS_DIR}/%05d.jpg", **{"q:v": 4})


def _poster_output(plan: TranscodePlan, branch):
    """A small poster (it is fetched before anyone presses play): the tallest rung
    that fits a phone's screen."""
    fits = [r for r in plan.rungs if min(r.width, r.height) <= POSTER_SHORT_SIDE]
    size = (fits or list(plan.rungs[:1]))[-1]
    frame = (
        branch.filter("trim", start=f"{plan.poster_at_s:.3f}")
        .filter("scale", size.width, size.height)
        .filter("setsar", "1")
    )
    return ffmpeg.output(frame, POSTER_NAME, **{"frames:v": 1, "q:v": POSTER_QUALITY})


def _listen_outputs(audio):
    """The listen-mode audio: HLS (so the player buffers a little and stops on pause)
    and one progressive file (downloads, browsers without HLS)."""
    options = {
        "c:a": "aac",
        "b:a": f"{LISTEN.kbps}k",
        "ac": 1,
        "ar": LISTEN.sample_rate,
        "map_metadata": -1,
    }
    hls = {
        "f": "hls",
        "hls_time": SEGMENT_SECONDS,
        "hls_playlist_type": "vod",
        "hls_segment_type": "fmp4",
        "hls_fmp4_init_filename": INIT_NAME,
        "hls_segment_filename": f"{LISTEN.name}/seg_%05d.m4s",
    }
    return [
        ffmpeg.output(audio, LISTEN_NAME, movflags="+faststart", **options),
        ffmpeg.output(audio, LISTEN_PLAYLIST, **options, **hls),
    ]
