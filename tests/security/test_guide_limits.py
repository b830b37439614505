"""Finding 7: a guide has a size cap (course files and the studio), and a lesson's
HTML is rendered once per version, not on every view."""

from __future__ import annotations

import pytest

from courses.loader import load_course
from courses.spec import MAX_GUIDE_BYTES, CourseInvalid
from lms.extensions import db
from lms.models import Role
from lms.services.catalogue import browse


def test_a_course_file_with_a_huge_guide_is_refused(sample_course_dir):
    lesson = sample_course_dir / "lessons" / "01-rain-riding.md"
    lesson.write_text(lesson.read_text() + "\n" + "*强调* " * (MAX_GUIDE_BYTES // 8))
    with pytest.raises(CourseInvalid) as caught:
        load_course(sample_course_dir)
    assert any("过长" in p.message for p in caught.value.problems)


def test_a_lesson_is_rendered_once_per_version(client, factory, sample_course_dir):
    course = factory.course(sample_course_dir)
    lesson = course.lessons[0]
    factory.login(client, factory.person(Role.WORKER))
    browse._RENDERED.clear()
    for _ in range(3):
        assert client.get(f"/lessons/{lesson.id}").status_code == 200
        assert client.get(f"/api/v1/lessons/{lesson.id}").status_code == 200
    mine = [k for k in browse._RENDERED if k[0] == lesson.id]
    assert len(mine) == 1 and mine[0][1] == lesson.version
    lesson.guide_md += "\n\n新的一段。"
    lesson.version += 1
    db.session.commit()
    page = client.get(f"/lessons/{lesson.id}").text
    assert "新的一段" in page
    assert sorted(k[1] for k in browse._RENDERED if k[0] == lesson.id) == [
        lesson.version - 1,
        lesson.version,
    ]


def test_the_studio_refuses_a_huge_draft(client, factory, sample_course_dir):
    from lms.models import LessonDraft, OrgKind
    from lms.services.studio import lessons as studio_lessons

    school = factory.org("school-gz-vocational", OrgKind.SCHOOL)
    course = factory.course(sample_course_dir)
    trainer = factory.person(Role.TRAINER, org=school)
    draft = LessonDraft(course=course, title="t", sources=[], duration_min=5)
    from lms.errors import Invalid

    with pytest.raises(Invalid) as caught:
        studio_lessons.save_draft(trainer, draft, {"guide_md": "字" * MAX_GUIDE_BYTES})
    assert caught.value.code == "guide_too_long"
