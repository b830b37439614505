"""Finding 2: a course file reads only files of its own course. Absolute paths and
ways out with `..` are refused, and the message names the path as the course wrote
it, never the server's."""

from __future__ import annotations

import io

import pytest

from courses.check import quiz_checker
from courses.loader import inside, load_course
from courses.spec import CourseInvalid
from tests.security.conftest import members_of, zip_of


@pytest.fixture
def secret_quiz(tmp_path):
    """A quiz-shaped file elsewhere on the server."""
    path = tmp_path / "server-only" / "secret.yaml"
    path.parent.mkdir()
    path.write_text("root_password_hint: swordfish\nquestions: 3\n")
    return path


def with_front(text: str, key: str, value: str) -> str:
    return text.replace("---\n", f"---\n{key}: {value}\n", 1)


@pytest.mark.parametrize("key", ["quiz", "video", "captions"])
def test_lesson_files_outside_the_course_are_refused(
    sample_course_dir, secret_quiz, key
):
    lesson = sample_course_dir / "lessons" / "01-rain-riding.md"
    text = lesson.read_text()
    relative = "../../server-only/secret.yaml"
    for written in (str(secret_quiz), relative):
        lesson.write_text(with_front(text, key, written))
        with pytest.raises(CourseInvalid) as caught:
            load_course(sample_course_dir, check_quiz=quiz_checker())
        messages = " ".join(p.message for p in caught.value.problems)
        assert "课程文件夹外面" in messages and written in messages
        assert "swordfish" not in messages and "root_password_hint" not in messages
        if written == relative:
            assert str(secret_quiz) not in messages


def test_lessons_and_images_outside_the_course_are_refused(sample_course_dir, tmp_path):
    (tmp_path / "elsewhere.md").write_text("---\ncode: x\n---\n")
    yaml_path = sample_course_dir / "course.yaml"
    yaml_path.write_text(
        yaml_path.read_text().replace("01-rain-riding", "../../elsewhere", 1)
    )
    lesson = sample_course_dir / "lessons" / "02-visibility.md"
    lesson.write_text(lesson.read_text() + "\n![图](../../../../etc/hostname)\n")
    with pytest.raises(CourseInvalid) as caught:
        load_course(sample_course_dir)
    messages = [p.message for p in caught.value.problems]
    assert any("../../elsewhere.md" in m and "外面" in m for m in messages)
    assert any("../../../../etc/hostname" in m and "外面" in m for m in messages)


def test_inside_is_lexical_and_strict(tmp_path):
    assert inside(tmp_path, "a/b.yaml") == tmp_path / "a" / "b.yaml"
    for name in ("/etc/passwd", "../x", "a/../../x", "C:/x", "\\\\server\\x", ""):
        assert inside(tmp_path, name) is None, name


def test_a_zip_cannot_import_a_server_file(app, client, trainer_course, secret_quiz):
    course, _ = trainer_course
    good = members_of(client.get(f"/studio/courses/{course.id}/export.zip").data)
    name = next(n for n in good if n.endswith("01-rain-riding.md"))
    text = good[name].decode()
    for written in (str(secret_quiz), "../../../../../../" + str(secret_quiz)):
        bad = good | {name: with_front(text, "quiz", written)}
        answer = client.post(
            "/studio/courses/import", data={"file": (io.BytesIO(zip_of(bad)), "c.zip")}
        )
        assert answer.status_code == 422 and "课程文件夹外面" in answer.text
        assert (
            "swordfish" not in answer.text and "root_password_hint" not in answer.text
        )
        if written.startswith(".."):  # only what was written, not where it leads
            assert str(secret_quiz.parent) not in answer.text.replace(written, "")
