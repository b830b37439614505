"""Checking course folders and printing every problem with its file and line.

A course must load (`courses.loader`) and pass the editorial checks of
`courses.quality`: legible pictures on a phone, honest lengths, linked sources.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from courses.loader import find_courses, load_course
from courses.quality import course_problems
from courses.spec import CourseInvalid, CourseSpec


def quiz_checker() -> Callable[[Path], object]:
    """The quiz engine's file check, used to validate quizzes named by lessons."""
    from quizzes import check_file

    return check_file


def check_paths(paths: list[Path], echo: Callable[[str], None] = print) -> int:
    """Validate every course under `paths`; print problems; return an exit status."""
    failed = 0
    folders = [f for p in paths for f in find_courses(p)]
    if not folders:
        echo(f"找不到课程（course.yaml）：{', '.join(map(str, paths))}")
        return 1
    for folder in folders:
        try:
            course = load_course(folder, check_quiz=quiz_checker())
        except CourseInvalid as exc:
            failed += 1
            for problem in exc.problems:
                echo(str(problem))
            continue
        problems = course_problems(course, quiz_checker())
        for problem in problems:
            echo(str(problem))
        if problems:
            failed += 1
            continue
        echo(summary(course))
    return 1 if failed else 0


def summary(course: CourseSpec) -> str:
    minutes = sum(lesson.duration_min for lesson in course.lessons)
    return f"OK {course.code}: {len(course.lessons)} 节课，共 {minutes:g} 分钟"
