"""`courses check` enforces legible pictures on a 360-px phone, sources with links and
lessons that fit their stated length (under 30 minutes); errors name the file and line."""

from pathlib import Path

from courses.check import check_paths
from courses.quality import SHOWN_AT_PX, text_sizes

LIBRARY = Path(__file__).resolve().parents[2] / "courses" / "content"

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="200" viewBox="0 0 {width} 200">
  <rect width="{width}" height="200" fill="#fff"/>
  <text x="10" y="40" font-size="{size}">刹车距离</text>
  <g transform="{transform}">
    <text x="10" y="80" style="font-size: {size}px">雨天</text>
  </g>
</svg>
"""


def check(folder: Path) -> tuple[int, list[str]]:
    lines: list[str] = []
    return check_paths([folder], echo=lines.append), lines


def write_svg(course: Path, size: float, width: int = 640, transform: str = "") -> Path:
    svg = course / "images" / "braking.svg"
    svg.write_text(
        SVG.format(width=width, size=size, transform=transform), encoding="utf-8"
    )
    return svg


def test_a_picture_with_small_text_fails_naming_its_file_and_line(sample_course_dir):
    svg = write_svg(sample_course_dir, size=16)  # 16 x 276/640 = 6.9 px on a phone
    status, lines = check(sample_course_dir)
    assert status == 1
    assert any(line.startswith(f"{svg}:3: 图片文字太小：“刹车距离”") for line in lines)
    assert any(line.startswith(f"{svg}:5: 图片文字太小：“雨天”") for line in lines)
    assert not any(line.startswith("OK sample-101") for line in lines)


def test_text_scaled_down_by_a_transform_still_counts(sample_course_dir):
    svg = write_svg(sample_course_dir, size=34, transform="translate(5 5) scale(0.5)")
    status, lines = check(sample_course_dir)
    assert status == 1
    assert [line.split(":")[1] for line in lines if "图片文字太小" in line] == ["5"]
    assert f"{svg}:5:" in "\n".join(lines)


def test_large_enough_text_on_a_phone_passes(sample_course_dir):
    write_svg(sample_course_dir, size=34)  # 34 x 276/640 = 14.7 px
    status, lines = check(sample_course_dir)
    assert status == 0, lines


def test_a_picture_is_shown_at_its_width_or_the_phone_column_if_narrower(tmp_path):
    narrow = tmp_path / "narrow.svg"
    narrow.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" viewBox="0 0 400 100">'
        '<text font-size="30">窄</text></svg>',
        encoding="utf-8",
    )
    wide = tmp_path / "wide.svg"
    wide.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100">'
        '<svg x="0" y="0" width="200" height="50" viewBox="0 0 400 100">'
        '<text font-size="30">宽</text></svg></svg>',
        encoding="utf-8",
    )
    assert text_sizes(narrow) == [(1, 15.0, "窄")]  # shown 200 px wide: 30 x 200/400
    [(_line, px, _text)] = text_sizes(wide)  # no width: the column, then nested 1/2
    assert px == 30 * SHOWN_AT_PX / 400 / 2


def test_a_lesson_without_sources_fails(sample_course_dir):
    lesson = sample_course_dir / "lessons" / "01-rain-riding.md"
    text = lesson.read_text(encoding="utf-8")
    text = text.replace(
        "sources:\n  - title: 公安部交通管理局 道路交通安全宣传\n    url: https://www.122.gov.cn/\n",
        "",
    )
    lesson.write_text(text, encoding="utf-8")
    status, lines = check(sample_course_dir)
    assert status == 1
    assert f"{lesson}:2: sources 应列出所依据的资料，每条要有 title" in lines


def test_a_lesson_whose_sources_have_no_link_fails(sample_course_dir):
    lesson = sample_course_dir / "lessons" / "01-rain-riding.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(
        text.replace("    url: https://www.122.gov.cn/\n", ""), encoding="utf-8"
    )
    status, lines = check(sample_course_dir)
    assert status == 1
    assert f"{lesson}:6: sources 至少要有一条带链接（url）的资料" in lines


def test_a_lesson_over_30_minutes_fails(sample_course_dir):
    lesson = sample_course_dir / "lessons" / "01-rain-riding.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(
        text.replace("duration_min: 5", "duration_min: 31"), encoding="utf-8"
    )
    status, lines = check(sample_course_dir)
    assert status == 1
    assert f"{lesson}:4: 微课时长应大于 0 且少于 30 分钟（现为 31）" in lines


def test_a_lesson_longer_than_its_stated_minutes_fails(sample_course_dir):
    lesson = sample_course_dir / "lessons" / "01-rain-riding.md"
    text = lesson.read_text(encoding="utf-8")
    long_text = (
        "\n\n## 再说一遍\n\n" + "雨天路面湿滑，刹车距离变长，提前减速。" * 100
    )  # 1,900 chars
    lesson.write_text(text + long_text, encoding="utf-8")
    status, lines = check(sample_course_dir)
    assert status == 1
    problem = next(line for line in lines if "按每分钟 250 字阅读" in line)
    assert problem.startswith(f"{lesson}:4: ")
    assert "超过了写明的 5 分钟" in problem


def test_the_shipped_library_passes_every_check():
    status, lines = check(LIBRARY)
    assert status == 0, "\n".join(lines)
    assert len([line for line in lines if line.startswith("OK ")]) == 3
