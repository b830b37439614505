"""Narrated videos: numbers, slides, wrapping, glyphs, speech, subtitles and real MP4s."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from courses.narration import NarrationError, cache_key, make_video, split_slides
from courses.narration.numbers import integer_reading, spoken_numbers
from courses.narration.render import (
    BOLD_FONT,
    REGULAR_FONT,
    font,
    missing_glyphs,
    render_slide,
)
from courses.narration.slides import Slide
from courses.narration.speech import synthesize, to_pinyin
from courses.narration.subtitles import LINE_WIDTH, cue_texts
from courses.narration.track import narrate
from courses.narration.wrap import CLOSING, char_width, wrap

TITLE = "现场安全与拨打120"
GUIDE = """骑手在路上遇到事故，先保护好自己。

## 第一步：确认现场安全

先看**车流**，再靠近伤者。

- 打开双闪，放好三角牌（距离50–100米）。
- 拨打120，说清楚地址和伤情。

![路口的三角牌和双闪的电动车](../images/scene.svg)

## 第二步：胸外按压

按压频率每分钟100–120次，深度5–6厘米，按压和吹气的比例是30:2。
"""
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">
<rect width="400" height="300" fill="#fde9c8"/>
<circle cx="200" cy="150" r="90" fill="#0c4a86"/>
</svg>
"""


@pytest.fixture(scope="module")
def lesson(tmp_path_factory) -> Path:
    """A course folder with lessons/ (the base dir) and images/scene.svg."""
    root = tmp_path_factory.mktemp("course")
    (root / "lessons").mkdir()
    (root / "images").mkdir()
    (root / "images" / "scene.svg").write_text(SVG, encoding="utf-8")
    return root / "lessons"


@pytest.fixture(scope="module")
def built(lesson, tmp_path_factory):
    """The video made once for the module, with the time it took."""
    work = tmp_path_factory.mktemp("video")
    started = time.monotonic()
    video = make_video(TITLE, GUIDE, lesson, work / "out", work / "cache")
    return video, time.monotonic() - started, work


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("每分钟100–120次", "每分钟一百到一百二十次"),
        ("深度5-6厘米", "深度五到六厘米"),
        ("比例是30:2", "比例是三十比二"),
        ("8:30出发", "八点三十出发"),
        ("拨打120，说清楚", "拨打幺二零，说清楚"),
        ("记住110、119和12351", "记住幺幺零、幺幺九和幺二三五幺"),
        ("打120急救", "打幺二零急救"),
        ("电话：13800138000", "电话：幺三八零零幺三八零零零"),
        ("120次", "一百二十次"),
        ("2个人，第2步", "两个人，第二步"),
        ("2024年", "二零二四年"),
        ("50%的人", "百分之五十的人"),
        ("1.5公里", "一点五公里"),
        ("1,000元", "一千元"),
        ("5cm", "五厘米"),
        ("没有数字", "没有数字"),
    ],
)
def test_spoken_numbers(text, spoken):
    assert spoken_numbers(text) == spoken


@pytest.mark.parametrize(
    ("number", "reading"),
    [
        (0, "零"),
        (10, "十"),
        (15, "十五"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1010, "一千零一十"),
        (10001, "一万零一"),
        (120000, "十二万"),
        (100010000, "一亿零一万"),
    ],
)
def test_integer_reading(number, reading):
    assert integer_reading(number) == reading


def test_wrap_never_starts_a_line_with_closing_punctuation():
    text = "打开双闪，放好三角牌（距离50–100米）。拨打120，说清楚地址、伤者人数。" * 3
    for width in range(6, 20):
        lines = wrap(text, char_width, width)
        assert "".join(lines) == text
        assert all(line[0] not in CLOSING for line in lines)
        assert all(char_width(line) <= width + 1 for line in lines)


def test_subtitle_cues_are_short():
    sentence = (
        "不要随意搬动伤者，除非现场有起火、爆炸等危险，也不要给伤者喂水或者吃东西。"
    )
    cues = cue_texts(sentence)
    assert len(cues) >= 2
    for cue in cues:
        lines = cue.split("\n")
        assert len(lines) <= 2
        assert all(char_width(line) <= LINE_WIDTH for line in lines)


def test_split_slides(lesson):
    slides = split_slides(TITLE, GUIDE, lesson)
    assert [s.heading for s in slides] == [
        TITLE,
        "第一步：确认现场安全",
        "第二步：胸外按压",
    ]
    assert slides[0].is_title and "先保护好自己" in slides[0].narration
    first = slides[1]
    assert first.image == (lesson.parent / "images" / "scene.svg").resolve()
    assert [b.is_bullet for b in first.blocks] == [False, True, True]
    assert "先看车流，再靠近伤者。" in first.narration
    assert "**" not in first.narration and "三角牌和双闪的电动车" not in first.narration
    assert slides[2].image is None


def test_pinyin_has_numbered_tones_and_neutral_tone_five():
    spoken = to_pinyin("拨打120，好的。")
    assert spoken == "bo1 da3 yao1 er4 ling2, hao3 de5."
    assert all(re.fullmatch(r"[a-z]+[1-5][,.]?", word) for word in spoken.split())


def test_espeak_speaks_mandarin():
    clip = synthesize("你好，拨打120。")
    assert clip.rate == 22_050
    assert clip.duration_s > 1.0 and clip.duration_s < 5.0


def test_font_covers_the_lesson_text():
    text = TITLE + GUIDE
    for face in (font(46), font(54, bold=True)):
        assert missing_glyphs(face, text) == set()
        assert missing_glyphs(face, "\U000f0001") == {"\U000f0001"}


def test_simplified_chinese_face_is_used():
    # 骨 differs between the Japanese face (0) and the Simplified Chinese one (2).
    for path in (REGULAR_FONT, BOLD_FONT):
        assert path.is_file()
    masks = {index: _glyph(index) for index in (0, 2)}
    assert masks[0] != masks[2]
    assert font(46).getname()[0] == "Noto Sans CJK SC"


def _glyph(index: int) -> bytes:
    from PIL import ImageFont

    return bytes(ImageFont.truetype(str(REGULAR_FONT), 46, index=index).getmask("骨"))


def test_rendered_slide_shows_glyphs_not_tofu(lesson):
    slide = split_slides(TITLE, GUIDE, lesson)[1]
    image = render_slide(slide)
    tofu = render_slide(Slide("\U000f0001" * 10, slide.blocks, slide.image))
    assert image.size == (1280, 720)
    heading = (0, 0, 1280, 130)
    assert ImageChops.difference(image.crop(heading), tofu.crop(heading)).getbbox()
    assert _count(image.crop(heading), (255, 255, 255)) > 1500  # white strokes
    # The SVG was rasterised into the right half (its pale orange background).
    assert _count(image.crop((640, 160, 1280, 640)), (0xFD, 0xE9, 0xC8)) > 20_000


def _count(image: Image.Image, colour: tuple[int, int, int]) -> int:
    return sum(n for n, pixel in image.getcolors(1 << 20) or [] if pixel == colour)


def test_video_has_h264_and_aac_of_the_narration_length(built, lesson):
    video, _, _ = built
    assert video.mp4.is_file() and not video.cached
    info = _probe(video.mp4)
    streams = {s["codec_type"]: s for s in info["streams"]}
    assert streams["video"]["codec_name"] == "h264"
    assert (streams["video"]["width"], streams["video"]["height"]) == (1280, 720)
    assert streams["audio"]["codec_name"] == "aac"
    narration_s = narrate(split_slides(TITLE, GUIDE, lesson)).duration_s
    assert float(info["format"]["duration"]) == pytest.approx(narration_s, abs=0.15)
    assert video.duration_s == pytest.approx(narration_s, abs=0.01)


def test_subtitles_follow_the_narration(built):
    video, _, _ = built
    cues = _parse_vtt(video.vtt.read_text(encoding="utf-8"))
    assert len(cues) >= 6
    starts = [start for start, _, _ in cues]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for start, end, text in cues:
        assert 0 <= start < end <= video.duration_s
        assert len(text.split("\n")) in (1, 2)
    texts = "".join(text for _, _, text in cues)
    assert "确认现场安全" in texts and "100–120次" in texts


def _parse_vtt(text: str) -> list[tuple[float, float, str]]:
    assert text.startswith("WEBVTT\n")
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        lines = block.split("\n")
        start, end = lines[1].split(" --> ")
        cues.append((_seconds(start), _seconds(end), "\n".join(lines[2:])))
    return cues


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_second_call_is_cached(built, lesson):
    first, _, work = built
    started = time.monotonic()
    again = make_video(TITLE, GUIDE, lesson, work / "out", work / "cache")
    assert again.cached and time.monotonic() - started < 1.0
    assert again == first.__class__(first.mp4, first.vtt, first.duration_s, True)
    leftovers = [p.name for p in (work / "out").iterdir() if p.name.startswith(".")]
    leftovers += [p.name for p in (work / "cache").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_cache_key_follows_text_and_images(lesson, tmp_path):
    slides = split_slides(TITLE, GUIDE, lesson)
    key = cache_key(TITLE, GUIDE, slides)
    assert cache_key(TITLE, GUIDE, slides) == key
    changed = GUIDE.replace("5–6厘米", "4–5厘米")
    assert cache_key(TITLE, changed, split_slides(TITLE, changed, lesson)) != key
    other = tmp_path / "lessons"
    (tmp_path / "images").mkdir()
    other.mkdir()
    (tmp_path / "images" / "scene.svg").write_text(SVG.replace("90", "80"), "utf-8")
    assert cache_key(TITLE, GUIDE, split_slides(TITLE, GUIDE, other)) != key


def test_a_broken_illustration_fails_cleanly(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "lessons").mkdir()
    (tmp_path / "images" / "scene.svg").write_text("<svg><rect", encoding="utf-8")
    with pytest.raises(NarrationError, match="rsvg-convert"):
        make_video(TITLE, GUIDE, tmp_path / "lessons", tmp_path / "out", tmp_path / "c")
    assert list((tmp_path / "c").iterdir()) == []
    assert not (tmp_path / "out").exists()


def _probe(path: Path) -> dict:
    argv = ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json"]
    done = subprocess.run(
        [*argv, str(path)], capture_output=True, text=True, timeout=30, check=True
    )
    return json.loads(done.stdout)
