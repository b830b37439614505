"""Reading one lesson file (front matter + guide) and the course folder around it.

Every path a course file names (lessons, quiz, video, captions, images) must stay
inside the course folder; problems name a path as the course wrote it, never where
it would lead on this machine.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.etree import ElementTree

from courses.spec import (
    CODE_RE,
    IMAGE_RE,
    MAX_DURATION_MIN,
    MAX_GUIDE_BYTES,
    TOPICS,
    CourseInvalid,
    CourseSpec,
    LessonSpec,
    Problem,
    RenewalSpec,
    Source,
    _Doc,
    _hours,
    _read_yaml,
    _text,
    guide_too_long,
    split_front_matter,
)


def load_course(folder: Path, check_quiz=None) -> CourseSpec:
    """Load and validate a course folder; raise `CourseInvalid` listing every problem.

    `check_quiz(path)` validates a quiz file and raises an exception with a readable
    message (and, where known, `line`) when it is invalid.
    """
    problems: list[Problem] = []
    course = _load_course(Path(folder), problems, check_quiz)
    if problems or course is None:
        raise CourseInvalid(problems)
    return course


def _load_course(folder: Path, out: list[Problem], check_quiz) -> CourseSpec | None:
    path = folder / "course.yaml"
    if not path.is_file():
        out.append(Problem(path, 1, "找不到 course.yaml"))
        return None
    doc = _read_yaml(path, path.read_text(encoding="utf-8"), 0, out)
    if doc is None:
        return None
    code = _text(doc, "code", out)
    if code and not CODE_RE.match(code):
        out.append(
            Problem(path, doc.line("code"), "课程代码只能用小写字母、数字和连字符")
        )
    topic = _text(doc, "topic", out)
    if topic and topic not in TOPICS:
        out.append(
            Problem(path, doc.line("topic"), f"topic 应为 {', '.join(TOPICS)} 之一")
        )
    lessons = _load_lessons(folder, doc, out, check_quiz)
    renewal = load_renewal(doc, {x.code for x in lessons}, out)
    return CourseSpec(
        code=code,
        title=_text(doc, "title", out),
        topic=topic,
        summary=_text(doc, "summary", out),
        path=folder,
        school=_text(doc, "school", out, required=False) or None,
        bonus_credit_hours=_hours(doc, "bonus_credit_hours", out, required=False),
        lessons=tuple(lessons),
        renewal=renewal,
    )


def load_renewal(doc: _Doc, codes: set[str], out: list[Problem]) -> RenewalSpec | None:
    """The optional `certificate:` block: `valid_months` (1-120) and a `refresher`
    of lesson codes of this course and/or `class: true`."""
    raw = doc.data.get("certificate")
    if raw is None:
        return None
    line = doc.line("certificate")
    months = raw.get("valid_months") if isinstance(raw, dict) else None
    if not isinstance(months, int) or isinstance(months, bool) or not 0 < months <= 120:
        out.append(
            Problem(doc.path, line, "certificate.valid_months 应为 1 到 120 的整数")
        )
        return None
    refresher = raw.get("refresher") or {}
    if not isinstance(refresher, dict):
        refresher = {"lessons": None}
    lessons = refresher.get("lessons", [])
    if not isinstance(lessons, list) or not all(isinstance(c, str) for c in lessons):
        out.append(
            Problem(doc.path, line, "certificate.refresher.lessons 应为课时代码列表")
        )
        return None
    for code in sorted(set(lessons) - codes):
        out.append(Problem(doc.path, line, f"复训课时“{code}”不是本课程的课时代码"))
    by_class = refresher.get("class") is True
    if not lessons and not by_class:
        out.append(
            Problem(doc.path, line, "certificate.refresher 需要课时或 class: true")
        )
    return RenewalSpec(months, tuple(lessons), by_class)


def _load_lessons(folder: Path, doc: _Doc, out: list[Problem], check_quiz) -> list:
    stems = doc.data.get("lessons")
    if not isinstance(stems, list) or not stems:
        out.append(Problem(doc.path, doc.line("lessons"), "lessons 应列出至少一节课"))
        return []
    lessons, codes = [], set()
    for stem in stems:
        path = inside(folder, f"lessons/{stem}.md")
        if path is None or not path.is_file():
            msg = f"找不到课时文件 {stem}.md" if path else _outside(f"{stem}.md")
            out.append(Problem(doc.path, doc.line("lessons"), msg))
            continue
        lesson = load_lesson(path, out, check_quiz, root=folder)
        if lesson is None:
            continue
        if lesson.code in codes:
            out.append(Problem(path, 2, f"课时代码“{lesson.code}”重复"))
        codes.add(lesson.code)
        lessons.append(lesson)
    return lessons


def load_lesson(
    path: Path, out: list[Problem], check_quiz=None, root: Path | None = None
) -> LessonSpec | None:
    """Read one lesson file, appending its problems to `out`. Files it names must
    lie inside `root` (the course folder: by default the lesson folder's parent)."""
    root = Path(root or path.parent.parent)
    front, body, body_line = split_front_matter(path.read_text(encoding="utf-8"))
    if not front:
        out.append(Problem(path, 1, "课时文件应以 --- 开头的 YAML 头信息开始"))
        return None
    doc = _read_yaml(path, front, 1, out)
    if doc is None:
        return None
    code = _text(doc, "code", out)
    if code and not CODE_RE.match(code):
        out.append(
            Problem(path, doc.line("code"), "课时代码只能用小写字母、数字和连字符")
        )
    if not body.strip():
        out.append(Problem(path, body_line, "课时图文指南为空"))
    if guide_too_long(body):
        msg = f"课时图文指南过长（上限 {MAX_GUIDE_BYTES // 1000} KB），请拆成几节课"
        out.append(Problem(path, body_line, msg))
    return LessonSpec(
        stem=path.stem,
        code=code,
        title=_text(doc, "title", out),
        duration_min=_duration(doc, out),
        credit_hours=_hours(doc, "credit_hours", out, required=True),
        guide_md=body,
        path=path,
        quiz=_quiz(doc, out, check_quiz, root),
        video=_file(doc, "video", out, root),
        captions=_file(doc, "captions", out, root),
        sources=_sources(doc, out),
        images=tuple(_images(path, body, body_line, out, root)),
    )


def _duration(doc: _Doc, out: list[Problem]) -> float:
    raw = doc.data.get("duration_min")
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        out.append(
            Problem(doc.path, doc.line("duration_min"), "duration_min 应为分钟数")
        )
        return 0.0
    if not 0 < raw < MAX_DURATION_MIN:
        msg = f"微课时长应大于 0 且少于 {MAX_DURATION_MIN} 分钟（现为 {raw}）"
        out.append(Problem(doc.path, doc.line("duration_min"), msg))
    return float(raw)


def inside(root: Path, name: str, base: Path | None = None) -> Path | None:
    """`name` (relative to `base`, by default `root`) as an absolute path, if it stays
    inside `root`; None for absolute paths, drive letters and ways out (`..`).
    Lexical on purpose: the studio links its published images into the folder it
    checks, and a course zip may hold no links at all (the import refuses them)."""
    if not name or name.startswith(("/", "\\")) or ":" in name or "\0" in name:
        return None
    top = Path(os.path.abspath(root))
    path = Path(os.path.abspath(Path(base or root) / name))
    return path if path == top or top in path.parents else None


def _outside(name: str) -> str:
    return f"路径 {name} 指向课程文件夹外面，只能引用课程文件夹里的文件"


def _file(doc: _Doc, key: str, out: list[Problem], root: Path) -> Path | None:
    name = doc.data.get(key)
    if not name:
        return None
    path = inside(root, str(name), doc.path.parent)
    if path is None:
        out.append(Problem(doc.path, doc.line(key), _outside(str(name))))
        return None
    if not path.is_file():
        out.append(Problem(doc.path, doc.line(key), f"找不到文件 {name}"))
        return None
    return path


def _quiz(doc: _Doc, out: list[Problem], check_quiz, root: Path) -> Path | None:
    path = _file(doc, "quiz", out, root)
    if path is not None and check_quiz is not None:
        try:
            check_quiz(path)
        except Exception as exc:  # noqa: BLE001 - any quiz error is reported, not raised
            line = getattr(exc, "line", None) or 1
            text = str(exc).replace(str(path), str(doc.data.get("quiz")))
            out.append(Problem(path, line, f"测验无效：{text}"))
    return path


def _sources(doc: _Doc, out: list[Problem]) -> tuple[Source, ...]:
    raw = doc.data.get("sources")
    items = raw if isinstance(raw, list) else []
    sources = tuple(
        Source(str(s["title"]).strip(), str(s.get("url") or "").strip() or None)
        for s in items
        if isinstance(s, dict) and str(s.get("title") or "").strip()
    )
    if not sources or len(sources) != len(items):
        out.append(
            Problem(
                doc.path,
                doc.line("sources"),
                "sources 应列出所依据的资料，每条要有 title",
            )
        )
    return sources


def _images(
    path: Path, body: str, body_line: int, out: list[Problem], root: Path
) -> list[Path]:
    found = []
    for offset, line in enumerate(body.splitlines()):
        for alt, target in IMAGE_RE.findall(line):
            lineno = body_line + offset
            if not alt.strip():
                out.append(Problem(path, lineno, f"图片 {target} 缺少替代文字"))
            if ":" in target or target.startswith("/"):
                continue
            image = inside(root, target, path.parent)
            if image is None:
                out.append(Problem(path, lineno, _outside(target)))
                continue
            if not image.is_file():
                out.append(Problem(path, lineno, f"找不到图片 {target}"))
                continue
            if image.suffix.lower() == ".svg" and not _svg_ok(image):
                out.append(Problem(path, lineno, f"SVG 图片 {target} 不是合法的 XML"))
            found.append(image)
    return found


def _svg_ok(path: Path) -> bool:
    try:
        ElementTree.parse(path)
    except ElementTree.ParseError:
        return False
    return True


def find_courses(root: Path) -> list[Path]:
    """A course folder itself, or every course folder directly below `root`."""
    root = Path(root)
    if (root / "course.yaml").is_file():
        return [root]
    return sorted(p.parent for p in root.glob("*/course.yaml"))


__all__ = ["load_course", "load_lesson", "find_courses", "CourseInvalid", "TOPICS"]
