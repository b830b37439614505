"""Editorial checks run by `courses check` on a course that loads: legible pictures,
honest lengths, linked sources.

- Every SVG under `images/` must show its smallest text at >= `MIN_TEXT_PX` CSS pixels
  on a 360-px phone. The lesson page shows a guide picture at most as wide as the
  content column (`.guide img{max-width:100%}` inside `main` and `.guide`, each padded
  1rem, lms/static/app.css): 360 - 4 x 17 = 292 px with the 17-px root font, and
  360 - 4 x 21 = 276 px when the learner chose large text (`html.large-text`). The
  check uses the narrower, `SHOWN_AT_PX`. A font-size in user units is scaled by
  displayed width / viewBox width, and by any nested `<svg>` or `transform` scale.
- A lesson's estimated time (its text read at `READ_CHARS_PER_MIN` plus
  `QUIZ_MIN_PER_QUESTION` per quiz question) must fit in its stated `duration_min`,
  which the loader already keeps under 30 minutes.
- A lesson names at least one source with a link, and every link is http(s).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from xml.parsers import expat

from courses.spec import IMAGE_RE, CourseSpec, LessonSpec, Problem

PHONE_WIDTH_PX = 360
PHONE_COLUMN_PX = PHONE_WIDTH_PX - 4 * 17  # root font 17 px
LARGE_TEXT_COLUMN_PX = PHONE_WIDTH_PX - 4 * 21  # html.large-text: root font 21 px
SHOWN_AT_PX = min(PHONE_COLUMN_PX, LARGE_TEXT_COLUMN_PX)
MIN_TEXT_PX = 14.0
READ_CHARS_PER_MIN = 250
QUIZ_MIN_PER_QUESTION = 0.5
DEFAULT_FONT_PX = 16.0
TEXT_TAGS = {"text", "tspan", "textPath"}
_NUMBER = re.compile(r"^\s*([-+]?\d*\.?\d+(?:e[-+]?\d+)?)\s*([a-z%]*)\s*$", re.I)
_TRANSFORM = re.compile(r"(matrix|scale|translate|rotate|skewX|skewY)\s*\(([^)]*)\)")
_MARKUP = re.compile(r"[\s#*_`>|\-]")


def course_problems(course: CourseSpec, check_quiz) -> list[Problem]:
    """Every editorial problem of a loaded course, each with its file and line."""
    problems: list[Problem] = []
    for svg in sorted((course.path / "images").glob("*.svg")):
        problems.extend(picture_problems(svg))
    for lesson in course.lessons:
        problems.extend(length_problems(lesson, check_quiz))
        problems.extend(source_problems(lesson))
    return problems


def picture_problems(path: Path) -> list[Problem]:
    """Text in the SVG at `path` smaller than `MIN_TEXT_PX` on a 360-px phone."""
    return [
        Problem(
            path,
            line,
            f"图片文字太小：“{text[:20]}”在360像素宽的手机上只有 {px:.1f} 像素"
            f"（至少 {MIN_TEXT_PX:g} 像素）",
        )
        for line, px, text in text_sizes(path)
        if px < MIN_TEXT_PX - 1e-6
    ]


def text_sizes(path: Path) -> list[tuple[int, float, str]]:
    """(line, displayed CSS px, text) for each run of text in the SVG at `path`."""
    stack: list[tuple[str, float, float]] = []  # (tag, font size in units, px per unit)
    found: list[tuple[int, float, str]] = []
    lines: list[int] = []
    parser = expat.ParserCreate()

    def start(tag: str, attrs: dict[str, str]) -> None:
        tag = tag.rsplit(":", 1)[-1]
        size, scale = stack[-1][1:] if stack else (DEFAULT_FONT_PX, 0.0)
        if tag == "svg":
            scale = _viewport_scale(attrs, scale)
        scale *= _transform_scale(attrs.get("transform", ""))
        stack.append((tag, _font_size(attrs, size), scale))
        lines.append(parser.CurrentLineNumber)

    def end(_tag: str) -> None:
        stack.pop()
        lines.pop()

    def chars(data: str) -> None:
        if stack and stack[-1][0] in TEXT_TAGS and data.strip():
            _tag, size, scale = stack[-1]
            found.append((lines[-1], size * scale, data.strip()))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.Parse(path.read_bytes(), True)
    return found


def _viewport_scale(attrs: dict[str, str], outer: float) -> float:
    """CSS px per user unit inside an `<svg>`; `outer` is 0 for the root element."""
    box = [float(v) for v in re.split(r"[\s,]+", attrs.get("viewBox", "").strip()) if v]
    width, height = _length(attrs.get("width")), _length(attrs.get("height"))
    if not outer:  # the root: shown at its width, at most the phone column
        shown = min(width or SHOWN_AT_PX, SHOWN_AT_PX)
        if len(box) != 4 or box[2] <= 0:
            return shown / width if width else 1.0
        return shown / box[2]
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        return outer
    sx = (width or box[2]) / box[2]
    sy = (height or box[3]) / box[3]
    return outer * min(sx, sy)


def _length(raw: str | None) -> float | None:
    match = _NUMBER.match(raw or "")
    if not match or match.group(2) not in ("", "px"):
        return None
    return float(match.group(1))


def _font_size(attrs: dict[str, str], inherited: float) -> float:
    raw = attrs.get("font-size")
    style = re.search(r"font-size\s*:\s*([^;]+)", attrs.get("style", ""))
    raw = style.group(1) if style else raw
    match = _NUMBER.match(raw or "")
    if not match:
        return inherited
    value, unit = float(match.group(1)), match.group(2).lower()
    factor = {"": 1, "px": 1, "pt": 4 / 3, "em": inherited, "%": inherited / 100}
    return value * factor.get(unit, 1)


def _transform_scale(raw: str) -> float:
    scale = 1.0
    for name, args in _TRANSFORM.findall(raw):
        nums = [float(n) for n in re.split(r"[\s,]+", args.strip()) if n]
        if name == "scale" and nums:
            scale *= min(abs(nums[0]), abs(nums[-1]))
        elif name == "matrix" and len(nums) == 6:
            scale *= math.sqrt(abs(nums[0] * nums[3] - nums[1] * nums[2]))
    return scale


def estimated_minutes(lesson: LessonSpec, questions: int) -> float:
    """Reading time of the guide's text plus answering time of its quiz."""
    text = IMAGE_RE.sub("", lesson.guide_md)
    chars = len(_MARKUP.sub("", text))
    return chars / READ_CHARS_PER_MIN + questions * QUIZ_MIN_PER_QUESTION


def length_problems(lesson: LessonSpec, check_quiz) -> list[Problem]:
    questions = 0
    if lesson.quiz is not None and check_quiz is not None:
        quiz = check_quiz(lesson.quiz)
        questions = quiz.draw or len(quiz.questions)
    minutes = estimated_minutes(lesson, questions)
    if minutes <= lesson.duration_min:
        return []
    msg = (
        f"按每分钟 {READ_CHARS_PER_MIN} 字阅读、每题半分钟估算，这节课要 {minutes:.1f} 分钟，"
        f"超过了写明的 {lesson.duration_min:g} 分钟：缩短正文或测验，或改 duration_min（少于 30）"
    )
    return [Problem(lesson.path, _front_line(lesson.path, "duration_min"), msg)]


def source_problems(lesson: LessonSpec) -> list[Problem]:
    line = _front_line(lesson.path, "sources")
    bad = [
        s.url
        for s in lesson.sources
        if s.url and not s.url.startswith(("http://", "https://"))
    ]
    problems = [
        Problem(lesson.path, line, f"资料链接应以 http:// 或 https:// 开头：{url}")
        for url in bad
    ]
    if not any(s.url for s in lesson.sources):
        problems.append(
            Problem(lesson.path, line, "sources 至少要有一条带链接（url）的资料")
        )
    return problems


def _front_line(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1
