"""Caption files as trainers upload them: SRT or WebVTT, UTF-8 or GBK, good or bad."""

from __future__ import annotations

import pytest

import media
from media.captions import read_captions, write_webvtt

SRT = """1
00:00:01,000 --> 00:00:03,500
胸外按压深度 5-6 厘米

2
00:00:04,000 --> 00:00:06,000
<font color="red">拨打 120</font> & 等待救援
"""

VTT = """WEBVTT

NOTE 由剪映导出

intro
00:01.000 --> 00:03.500 align:start
先确认现场安全
"""


def load(tmp_path, name: str, text: str, encoding: str = "utf-8", duration: float = 10):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_captions(path, duration)


def test_srt_to_webvtt_escapes_markup(tmp_path):
    cues = load(tmp_path, "a.srt", SRT)
    target = tmp_path / "a.vtt"
    write_webvtt(cues, target)
    assert target.read_text(encoding="utf-8") == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n胸外按压深度 5-6 厘米\n\n"
        "00:00:04.000 --> 00:00:06.000\n拨打 120 &amp; 等待救援\n"
    )


def test_webvtt_with_notes_identifiers_and_settings(tmp_path):
    (cue,) = load(tmp_path, "b.vtt", VTT)
    assert (cue.start_s, cue.end_s, cue.text) == (1.0, 3.5, "先确认现场安全")


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-16"])
def test_windows_encodings_are_read(tmp_path, encoding):
    cues = load(tmp_path, "c.srt", SRT.replace("\n", "\r\n"), encoding)
    assert cues[0].text == "胸外按压深度 5-6 厘米"


def rejected(
    tmp_path, name: str, text: str, duration: float = 10
) -> media.CaptionsRejected:
    with pytest.raises(media.CaptionsRejected) as caught:
        load(tmp_path, name, text, duration=duration)
    return caught.value


def test_broken_timing_line(tmp_path):
    error = rejected(tmp_path, "d.srt", SRT.replace("00:00:04,000 -->", "00:00:04 --"))
    assert error.code == "captions_format"
    assert "第 5 行" in error.message


def test_end_before_start(tmp_path):
    error = rejected(tmp_path, "e.srt", SRT.replace("00:00:03,500", "00:00:00,500"))
    assert error.code == "captions_timing"
    assert "第 1 条" in error.message


def test_cue_after_the_video_ends(tmp_path):
    assert rejected(tmp_path, "f.srt", SRT, duration=3).code == "captions_timing"


def test_empty_and_wrong_type(tmp_path):
    assert rejected(tmp_path, "g.vtt", "WEBVTT\n\n").code == "captions_empty"
    error = rejected(tmp_path, "h.txt", SRT)
    assert (error.code, error.message) == (
        "captions_type",
        "字幕只支持 SRT 或 VTT 格式的文件。",
    )


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "i.srt"
    path.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\n\xff\xfe\x00\xd8\x81")
    with pytest.raises(media.CaptionsRejected) as caught:
        read_captions(path, 10)
    assert caught.value.code == "captions_encoding"
