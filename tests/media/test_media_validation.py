"""Every rejection: its code, its Chinese message, and nothing left on disk."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest

import media
from media.probe import ProbeResult, VideoStream
from media.validate import MAX_DURATION_S, check_limits
from tests.media.clipkit import ffmpeg, lavfi_video, tone


def reject(source: Path, tmp_path: Path, **kwargs) -> media.MediaRejected:
    out_dir = tmp_path / "published" / "lesson-1"
    with pytest.raises(media.MediaRejected) as caught:
        media.transcode(source, out_dir, **kwargs)
    assert not out_dir.exists()
    assert not media.work_dir_for(out_dir).exists()
    parent = out_dir.parent
    assert not parent.exists() or list(parent.iterdir()) == []
    assert caught.value.is_transient is False
    return caught.value


def test_text_file_is_not_media(tmp_path):
    fake = tmp_path / "lesson.mp4"
    fake.write_text("这不是视频")
    error = reject(fake, tmp_path)
    assert error.code == "unreadable"
    assert "无法识别" in error.message


def test_missing_file_is_unreadable(tmp_path):
    assert reject(tmp_path / "nowhere.mp4", tmp_path).code == "unreadable"


def cut_in_half(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def test_upload_cut_in_half_with_index_first_is_corrupt(clips, tmp_path):
    half = cut_in_half(clips.get("faststart.mp4"), tmp_path / "half.mp4")
    error = reject(half, tmp_path)
    assert error.code == "corrupt"
    assert "不完整" in error.message


def test_upload_cut_in_half_with_index_last_is_corrupt(clips, tmp_path):
    half = cut_in_half(clips.get("landscape.mp4"), tmp_path / "half.mp4")
    assert reject(half, tmp_path).code == "corrupt"


def test_audio_only_file_has_no_video(tmp_path):
    audio = tmp_path / "voice.m4a"
    ffmpeg(*tone(2), "-c:a", "aac", str(audio))
    error = reject(audio, tmp_path)
    assert error.code == "no_video"
    assert "没有视频画面" in error.message


def test_still_picture_has_no_video(tmp_path):
    picture = tmp_path / "slide.png"
    ffmpeg(*lavfi_video("320x240", seconds=0.04), "-frames:v", "1", str(picture))
    assert reject(picture, tmp_path).code == "no_video"


def test_too_long(clips, tmp_path):
    limits = media.Limits(max_duration_s=1.5)
    error = reject(clips.get("landscape.mp4"), tmp_path, options=opts(limits))
    assert error.code == "too_long"
    assert "超过 0.025 分钟" in error.message


def test_default_limit_is_thirty_minutes():
    probe = probe_result(duration_s=MAX_DURATION_S + 1)
    with pytest.raises(media.MediaRejected) as caught:
        check_limits(probe)
    assert caught.value.message == (
        "视频时长超过 30 分钟，请剪辑成较短的微课后再上传。"
    )
    check_limits(probe_result(duration_s=MAX_DURATION_S))


def test_too_short(tmp_path):
    short = tmp_path / "blink.mp4"
    ffmpeg(*lavfi_video("320x240", seconds=0.5), "-c:v", "libx264", str(short))
    error = reject(short, tmp_path)
    assert error.code == "too_short"
    assert "不足 1 秒" in error.message


def test_larger_than_two_gigabytes_is_refused_before_reading(tmp_path):
    huge = tmp_path / "huge.mp4"
    with huge.open("wb") as fh:  # sparse: no disk used
        fh.truncate(2 * 1024**3 + 1)
    error = reject(huge, tmp_path)
    assert error.code == "too_large"
    assert "超过 2 GB" in error.message
    os.unlink(huge)


def test_size_limit_is_a_parameter(clips, tmp_path):
    limits = media.Limits(max_size_bytes=1000)
    assert reject(clips.get("landscape.mp4"), tmp_path, options=opts(limits)).code == (
        "too_large"
    )


def test_frame_wider_than_4096_pixels(tmp_path):
    wide = tmp_path / "wide.mp4"
    ffmpeg(
        *lavfi_video("4112x64", seconds=1.2),
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        str(wide),
    )
    error = reject(wide, tmp_path)
    assert error.code == "too_big_frame"
    assert "4096" in error.message


def test_rotated_frame_is_checked_in_display_orientation():
    with pytest.raises(media.MediaRejected):
        check_limits(probe_result(width=4200, height=2000, rotation=90))


def test_bad_captions_are_refused_before_any_encoding(clips, tmp_path):
    srt = tmp_path / "bad.srt"
    srt.write_text("1\n00:00:01 -> 00:00:02\n你好\n", encoding="utf-8")
    captions = [media.CaptionInput(srt)]
    error = reject(clips.get("landscape.mp4"), tmp_path, captions=captions)
    assert isinstance(error, media.CaptionsRejected)
    assert error.code == "captions_format"
    assert "第 1 行" in error.message


def opts(limits: media.Limits) -> media.TranscodeOptions:
    return media.TranscodeOptions(limits=limits)


def probe_result(duration_s=60.0, width=1920, height=1080, rotation=0) -> ProbeResult:
    stream = VideoStream(
        codec="h264",
        width=width,
        height=height,
        rotation=rotation,
        sar=Fraction(1),
        fps=Fraction(30),
        is_vfr=False,
        pix_fmt="yuv420p",
        bit_depth=8,
        field_order="progressive",
        duration_s=duration_s,
    )
    return ProbeResult(Path("x.mp4"), 1000, "mov,mp4", duration_s, stream, None)
