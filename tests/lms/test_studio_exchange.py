"""Studio exchange (zip export/import), guide pictures and trainer insight,
with the refusals a trainer may meet: each says why in Chinese and changes nothing."""

import dataclasses
import io
import zipfile
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from courses.check import quiz_checker
from courses.loader import load_course
from lms.models import Course, LessonProgress, OrgKind, Role, StudioAudit

SCHOOL = "school-gz-vocational"


def setup(client, factory, sample_course_dir):
    factory.org(SCHOOL, OrgKind.SCHOOL)
    course = factory.course(sample_course_dir)
    factory.login(client, factory.person(Role.TRAINER, org=factory.org(SCHOOL)))
    return course


def comparable(spec):
    """A CourseSpec without its paths: what the folder says, file contents included."""
    lessons = [
        dataclasses.replace(
            lesson,
            path=Path(lesson.stem),
            video=None,
            captions=None,
            quiz=lesson.quiz.read_text() if lesson.quiz else None,
            images=tuple(sorted(p.name for p in lesson.images)),
        )
        for lesson in spec.lessons
    ]
    return dataclasses.replace(spec, path=Path("."), lessons=tuple(lessons))


def spec_of_zip(data: bytes, folder: Path):
    zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
    [course] = [p for p in folder.iterdir()]
    return load_course(course, check_quiz=quiz_checker())


def test_export_reimports_identically_on_a_fresh_database(
    client, factory, sample_course_dir, database, tmp_path
):
    from lms import create_app
    from tests.conftest import base_config

    course = setup(client, factory, sample_course_dir)
    exported = client.get(f"/studio/courses/{course.id}/export.zip").data
    first = spec_of_zip(exported, tmp_path / "one")
    assert [x.stem for x in first.lessons] == ["01-rain-riding", "02-visibility"]
    (tmp_path / "fresh").mkdir()
    other = create_app(
        base_config(tmp_path / "fresh", database.fresh(tmp_path / "fresh"))
    )
    with other.app_context():
        from lms.extensions import db
        from lms.services.studio import exchange as studio_exchange

        Factory(other).org(SCHOOL, OrgKind.SCHOOL)  # the same school exists there
        admin = Factory(other).person(Role.ADMIN)
        media = tmp_path / "fresh" / "media"
        again = studio_exchange.import_zip(admin, exported, media)
        db.session.commit()
        second = spec_of_zip(studio_exchange.export_zip(again, media), tmp_path / "two")
        db.session.remove()
        db.engine.dispose()
    assert comparable(first) == comparable(second)


def Factory(app):
    from tests.support.factories import Factory as F

    return F(app)


def zip_of(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in files.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_bad_zips_are_refused_whole(client, db, factory, sample_course_dir):
    course = setup(client, factory, sample_course_dir)
    good = client.get(f"/studio/courses/{course.id}/export.zip").data
    members = {
        i.filename: zipfile.ZipFile(io.BytesIO(good)).read(i)
        for i in zipfile.ZipFile(io.BytesIO(good)).infolist()
    }
    members["sample-101/course.yaml"] = members["sample-101/course.yaml"].replace(
        "雨天".encode(), "改过".encode()
    )
    link = zipfile.ZipInfo("sample-101/images/link.svg")
    link.external_attr = 0o120777 << 16  # a symlink member
    cases = {
        b"PK\x03\x04 not really a zip": "不是能打开的 zip",
        zip_of(members | {"../../evil.txt": "x"}): "指向文件夹外面的路径",
        zip_of(members | {"/etc/evil.txt": "x"}): "指向文件夹外面的路径",
        zip_of(members | {link: "/etc/passwd"}): "指向文件夹外面的路径",
        zip_of({"c/course.yaml": "code: x\n"}): "缺少必填项",
    }
    before = db.session.scalar(select(Course.title).where(Course.id == course.id))
    for data, message in cases.items():
        answer = client.post(
            "/studio/courses/import", data={"file": (io.BytesIO(data), "c.zip")}
        )
        assert answer.status_code == 422 and message in answer.text
        assert "没有导入任何内容" in answer.text
    assert (
        db.session.scalar(select(Course.title).where(Course.id == course.id)) == before
    )
    assert db.session.scalar(select(func.count()).select_from(Course)) == 1
    assert not db.session.scalar(select(StudioAudit.id))


def picture(fmt="PNG", size=(2000, 1000)) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    image.save(buffer, fmt, exif=exif)
    return buffer.getvalue()


def test_pictures_are_resized_stripped_and_checked(
    app, client, db, factory, sample_course_dir
):
    course = setup(client, factory, sample_course_dir)
    url = f"/studio/courses/{course.id}/images"
    answer = client.post(
        url,
        data={"image": (io.BytesIO(picture("JPEG")), "a.jpg"), "alt": "包扎示意图"},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 201
    markdown = answer.get_json()["markdown"]
    assert markdown.startswith("![包扎示意图](../images/") and markdown.endswith(
        ".webp)"
    )
    name = markdown.rsplit("/", 1)[1][:-1]
    stored = Path(app.config["LMS_DATA_DIR"]) / "media/courses/sample-101/images" / name
    with Image.open(stored) as image:
        assert image.format == "WEBP" and max(image.size) == 1280
        assert not image.getexif() and b"SecretCam" not in stored.read_bytes()
    images = sorted(stored.parent.iterdir())
    refusals = [
        (
            {"image": (io.BytesIO(b"%PDF-1.4 not an image"), "photo.jpg"), "alt": "图"},
            "不是可以读取的图片",
        ),
        (
            {
                "image": (io.BytesIO(b"\0" * (8 * 1024 * 1024 + 1)), "big.png"),
                "alt": "图",
            },
            "超过 8 MB",
        ),
        ({"image": (io.BytesIO(picture()), "a.png"), "alt": " "}, "替代文字"),
    ]
    for data, message in refusals:
        answer = client.post(url, data=data, headers={"Accept": "application/json"})
        assert (
            answer.status_code == 422
            and message in answer.get_json()["error"]["message"]
        )
    assert sorted(stored.parent.iterdir()) == images


def test_insight_shows_starts_finishes_and_where_people_stop(
    client, db, factory, sample_course_dir
):
    course = setup(client, factory, sample_course_dir)
    lesson = course.lessons[0]
    lesson.video_duration_s = 100.0
    for spans in ([[0, 100]], [[0, 50]], [[0, 20]]):
        worker = factory.person()
        db.session.add(
            LessonProgress(person_id=worker.id, lesson_id=lesson.id, intervals=spans)
        )
    db.session.commit()
    page = client.get(f"/studio/courses/{course.id}/insight").text
    assert "3 人开始" in page and "0 人完成" in page
    from lms.services.studio.insight import coverage_histogram

    curve = coverage_histogram([[[0, 100]], [[0, 50]], [[0, 20]]], 100)
    assert curve[0] == 1.0 and curve[5] == 2 / 3 and curve[-1] == 1 / 3
