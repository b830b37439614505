"""Fast tests: the ladder as data and the ffmpeg argv built from it (no ffmpeg run)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from media.command import TranscodePlan, transcode_argv
from media.ladder import LADDER, output_rate, plan_ladder
from media.probe import VideoStream
from media.storyboard import plan_storyboard


def video(
    width=1920, height=1080, *, rotation=0, fps=Fraction(30), field="progressive"
):
    return VideoStream(
        codec="h264",
        width=width,
        height=height,
        rotation=rotation,
        sar=Fraction(1),
        fps=fps,
        is_vfr=False,
        pix_fmt="yuv420p",
        bit_depth=8,
        field_order=field,
        duration_s=10.0,
    )


def plan_for(source: VideoStream, *, audio=True, slides=False) -> TranscodePlan:
    return TranscodePlan(
        source=Path("/uploads/in.mp4"),
        duration_s=10.0,
        video=source,
        has_audio=audio,
        rungs=plan_ladder(source, slides=slides),
        storyboard=plan_storyboard(10.0, source.display_size),
        poster_at_s=1.0,
    )


def sizes(source: VideoStream) -> list[tuple[int, int]]:
    return [(r.width, r.height) for r in plan_ladder(source)]


def test_ladder_is_frozen_data_ordered_by_height():
    assert [r.short_side for r in LADDER] == [240, 360, 480, 720]
    assert all(
        r.maxrate_kbps <= cap
        for r, cap in zip(LADDER, (200, 400, 700, 1200), strict=True)
    )
    with pytest.raises(AttributeError):
        LADDER[0].crf = 1  # type: ignore[misc]


def test_1080p_gets_four_rungs_and_never_more_than_720p():
    assert sizes(video()) == [(426, 240), (640, 360), (854, 480), (1280, 720)]


def test_portrait_stays_portrait_with_rotation_metadata():
    rotated = video(1920, 1080, rotation=90)
    assert rotated.display_size == (1080, 1920)
    assert sizes(rotated)[-1] == (720, 1280)
    assert all(w < h for w, h in sizes(rotated))


def test_never_upscale_and_720p_only_when_the_source_has_it():
    assert sizes(video(854, 480)) == [(428, 240), (640, 360), (854, 480)]
    assert sizes(video(640, 272)) == [(564, 240)]


def test_small_source_gets_one_rung_at_its_own_even_size():
    assert sizes(video(176, 144)) == [(176, 144)]
    (tiny,) = plan_ladder(video(175, 143))
    assert (tiny.width, tiny.height, tiny.name) == (174, 142, "142p")
    assert tiny.rung.name == "240p"  # data-saver settings apply


def test_odd_sizes_become_even():
    for width, height in sizes(video(1281, 721)) + sizes(video(321, 241)):
        assert width % 2 == 0 and height % 2 == 0


@pytest.mark.parametrize(
    ("source", "cap", "expected"),
    [
        (Fraction(30), 15, Fraction(15)),
        (Fraction(30000, 1001), 15, Fraction(15000, 1001)),
        (Fraction(25), 15, Fraction(25, 2)),
        (Fraction(60), 30, Fraction(30)),
        (Fraction(24), 30, Fraction(24)),
    ],
)
def test_output_rate_divides_the_source_rate_evenly(source, cap, expected):
    assert output_rate(source, cap) == expected


def test_argv_runs_one_process_with_progress_on_stdout():
    argv = transcode_argv(plan_for(video()))
    assert argv[0] == "ffmpeg"
    for flag in ("-nostdin", "-y", "-nostats"):
        assert flag in argv
    assert argv[argv.index("-progress") + 1] == "pipe:1"
    graph = argv[argv.index("-filter_complex") + 1]
    assert "split=6" in graph  # four rungs, storyboard, poster: one decode
    assert "yadif" not in graph
    assert argv.count("hls") == 5 and argv.count("fmp4") == 5  # rungs, listen


def option_values(argv: list[str], flag: str) -> list[str]:
    return [argv[i + 1] for i, arg in enumerate(argv) if arg == flag]


def test_rung_options_suit_cheap_android_decoders():
    argv = transcode_argv(plan_for(video()))
    assert set(option_values(argv, "-profile:v")) == {"main"}
    assert set(option_values(argv, "-level:v")) == {"3.1"}
    assert option_values(argv, "-maxrate") == ["200k", "400k", "700k", "1200k"]
    assert option_values(argv, "-g") == ["30", "60", "60", "60"]  # 2 s at 15 and 30 fps
    assert set(option_values(argv, "-force_key_frames")) == {"expr:gte(t,n_forced*2)"}
    assert set(option_values(argv, "-sc_threshold")) == {"0"}
    assert set(option_values(argv, "-hls_time")) == {"4"}
    assert set(option_values(argv, "-ac")) == {"1"}
    assert option_values(argv, "-b:a") == ["48k", "64k", "64k", "64k", "32k", "32k"]
    assert set(option_values(argv, "-map_metadata")) == {"-1"}
    assert "-tune" not in argv


def test_interlaced_source_is_deinterlaced_before_the_split():
    graph = transcode_argv(plan_for(video(field="tt")))
    graph = graph[graph.index("-filter_complex") + 1]
    assert graph.index("yadif") < graph.index("split")


def test_listen_mode_audio_comes_from_the_same_run():
    argv = transcode_argv(plan_for(video()))
    assert argv[argv.index("listen.m4a") - 1] == "+faststart"
    assert "listen/index.m3u8" in argv  # and as HLS
    assert option_values(argv, "-ar")[-2:] == ["44100", "44100"]


def test_missing_audio_gets_a_silent_track_of_the_same_length():
    argv = transcode_argv(plan_for(video(), audio=False))
    assert "listen.m4a" not in argv  # nothing to listen to
    assert "anullsrc=r=48000:cl=mono" in argv
    assert argv[argv.index("-t") + 1] == "10.000"
    assert set(option_values(argv, "-map")) >= {"1:a"}


def test_slides_lower_the_frame_rate_and_tune_for_still_images():
    plan = plan_for(video(), slides=True)
    assert {r.fps for r in plan.rungs} == {Fraction(10)}
    argv = transcode_argv(plan)
    assert option_values(argv, "-tune") == ["stillimage"] * 4


def test_storyboard_grid_fits_every_thumbnail():
    board = plan_storyboard(30 * 60, (1920, 1080))
    assert board.count <= 100 and board.columns * board.rows >= board.count
    assert (board.tile_width, board.tile_height) == (160, 90)
    assert plan_storyboard(9.5, (1080, 1920)).count == 5
