"""Outputs of one lesson folder: master playlist from measured rates, segments, MP4s,
poster, storyboard, captions and the manifest that lists them."""

from __future__ import annotations

import json

import pytest
from PIL import Image

import media
from media.hls import measure_rung
from media.ladder import POSTER_MAX_BYTES
from tests.media.clipkit import ffprobe


@pytest.fixture(scope="module")
def lesson(clips, tmp_path_factory):
    folder = tmp_path_factory.mktemp("packaging")
    srt = folder / "zh.srt"
    srt.write_bytes(
        "1\r\n00:00:00,500 --> 00:00:01,800\r\n<i>先确认现场安全</i>\r\n".encode(
            "gb18030"
        )
    )
    out = folder / "lesson"
    manifest = media.transcode(
        clips.get("motion8s.mp4"),
        out,
        captions=[media.CaptionInput(srt, "zh-CN")],
        progress=PROGRESS.append,
    )
    return manifest, out


PROGRESS: list[float] = []


def test_progress_is_reported_from_the_start_not_only_at_the_end(lesson):
    # ffmpeg prints no progress until every output has started: an output that only
    # writes at the end (a `tile` sprite) would hide progress for the whole run.
    assert PROGRESS == sorted(PROGRESS) and PROGRESS[-1] == 1.0
    assert min(PROGRESS) < 0.5


def test_master_playlist_lists_every_rung_with_measured_rates(lesson):
    manifest, out = lesson
    master = (out / manifest.master_playlist).read_text()
    assert master.startswith("#EXTM3U\n")
    for rendition in manifest.renditions:
        measured = measure_rung(out / rendition.playlist)
        line = (
            f"BANDWIDTH={measured.peak_bps},AVERAGE-BANDWIDTH={measured.average_bps},"
            f"RESOLUTION={rendition.width}x{rendition.height}"
        )
        assert line in master
        assert f'CODECS="{rendition.codecs}"' in master
        assert f"\n{rendition.playlist}\n" in master
        assert measured.peak_bps >= measured.average_bps > 0


def test_segments_are_fmp4_of_four_seconds(lesson):
    manifest, out = lesson
    playlist = (out / manifest.renditions[0].playlist).read_text()
    assert '#EXT-X-MAP:URI="init.mp4"' in playlist and "#EXT-X-ENDLIST" in playlist
    durations = [
        float(x.split(":")[1].rstrip(","))
        for x in playlist.split()
        if x.startswith("#EXTINF")
    ]
    assert durations == pytest.approx([4.0, 4.0], abs=0.05)


def test_bitrates_stay_under_the_rung_caps(lesson):
    manifest, _ = lesson
    caps = {"240p": 200 + 48, "360p": 400 + 64}
    for rendition in manifest.renditions:
        # bufsize = maxrate: short bursts only; the average stays under the cap
        assert rendition.average_bandwidth_bps <= caps[rendition.name] * 1000 * 1.1


def test_progressive_mp4_for_data_saver_and_standard(lesson):
    manifest, out = lesson
    assert [r.mp4 for r in manifest.progressive] == ["240p.mp4", "360p.mp4"]
    for rendition in manifest.progressive:
        path = out / rendition.mp4
        assert path.stat().st_size == rendition.mp4_bytes
        data = path.read_bytes()
        assert data.index(b"moov") < data.index(b"mdat")
        assert float(ffprobe(path)["format"]["duration"]) == pytest.approx(8.0, abs=0.1)


def test_poster_and_storyboard(lesson):
    manifest, out = lesson
    with Image.open(out / manifest.poster) as poster:
        assert (poster.format, poster.size) == ("JPEG", (640, 360))
    assert (out / manifest.poster).stat().st_size <= POSTER_MAX_BYTES
    board = manifest.storyboard
    assert (board.interval_s, board.count, board.columns, board.rows) == (2, 4, 4, 1)
    with Image.open(out / board.image) as sprite:
        assert sprite.size == (4 * 160, 90)
    assert not (out / "thumbs").exists()
    vtt = (out / board.vtt).read_text()
    assert vtt.startswith("WEBVTT")
    assert "00:00:06.000 --> 00:00:08.000\nstoryboard.jpg#xywh=480,0,160,90" in vtt


def test_captions_are_converted_to_webvtt(lesson):
    manifest, out = lesson
    (track,) = manifest.captions
    assert (track.lang, track.path, track.cue_count) == (
        "zh-CN",
        "captions/zh-CN.vtt",
        1,
    )
    text = (out / track.path).read_text(encoding="utf-8")
    assert text == "WEBVTT\n\n00:00:00.500 --> 00:00:01.800\n先确认现场安全\n"


def test_manifest_json_describes_everything(lesson):
    manifest, out = lesson
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert data["duration_s"] == pytest.approx(8.0, abs=0.05)
    assert [r["height"] for r in data["renditions"]] == [240, 360]
    for rendition in manifest.renditions:
        assert (out / rendition.playlist).is_file()
        assert rendition.hls_bytes > 0 and rendition.bandwidth_bps > 0
    listed = {manifest.poster, manifest.storyboard.image, manifest.storyboard.vtt}
    assert all((out / name).is_file() for name in listed)
    assert not list(out.glob("*.fragmented.mp4"))


def test_republishing_replaces_the_old_folder(clips, tmp_path):
    out = tmp_path / "lesson"
    media.transcode(clips.get("landscape.mp4"), out)
    (out / "stale.txt").write_text("old")
    manifest = media.transcode(clips.get("tiny.mp4"), out)
    assert manifest.renditions[0].name == "144p"
    assert not (out / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson"]
