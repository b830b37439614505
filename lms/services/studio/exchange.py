"""Courses in and out of the studio as zips in the course folder format.

Export writes what workers see (the published lessons and quizzes) plus the images.
Import refuses a zip whole before anything changes: size limits, no member escaping
the folder (`..`, absolute paths, drive letters, symlinks), then `load_course`.
Videos are not part of the exchange (they are large and come from the video pages).
"""

from __future__ import annotations

import io
import secrets
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from courses.check import quiz_checker
from courses.loader import find_courses, load_course
from courses.spec import CourseInvalid
from lms.extensions import db
from lms.models import Course, CourseStatus, Person, Role
from lms.services.catalogue import search_index
from lms.services.catalogue.importing import import_course
from lms.services.errors import Invalid
from lms.services.studio import audit as studio_audit
from lms.services.studio import files as studio_files
from lms.services.studio import images as studio_images
from lms.services.studio import lessons as studio_lessons
from lms.services.video.access import can_edit

MAX_ZIP_BYTES = 50 * 1024 * 1024
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2000


def export_folder(
    course: Course, folder: Path, media_root: Path, code: str | None = None
) -> Path:
    """Write the course as `folder/<code>/` (course.yaml, lessons, quizzes, images);
    `code` renames it (a copy)."""
    code = code or course.code
    root = folder / code
    root.mkdir(parents=True)
    stems = []
    for position, lesson in enumerate(course.lessons, start=1):
        stem = f"{position:02d}-{lesson.code}"
        content = studio_lessons.published_content(lesson)
        studio_files.write_lesson(root, stem, content)
        stems.append(stem)
    fields = {
        "code": code,
        "title": course.title,
        "topic": course.topic,
        "summary": course.summary,
        "school": course.school.code if course.school and code == course.code else None,
        "bonus_credit_hours": f"{course.bonus_credit_hours:.2f}",
    }
    studio_files.write_course_yaml(root, fields, stems)
    studio_files.copy_images(root, media_root / "courses" / course.code / "images")
    return root


def export_zip(course: Course, media_root: Path) -> bytes:
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="export-") as tmp:
        root = export_folder(course, Path(tmp), media_root)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(tmp).as_posix())
    return buffer.getvalue()


def import_zip(actor: Person, data: bytes, media_root: Path) -> Course:
    """Validate the whole zip, then create or update its course (actor's school)."""
    if len(data) > MAX_ZIP_BYTES:
        raise Invalid(_l("The zip is larger than 50 MB."), code="too_large")
    with tempfile.TemporaryDirectory(prefix="import-") as tmp:
        folder = _extract(data, Path(tmp))
        _clean_pictures(folder)
        try:
            spec = load_course(folder, check_quiz=quiz_checker())
        except CourseInvalid as exc:
            lines = [
                f"{_relative(p.path, folder)}:{p.line}: {p.message}"
                for p in exc.problems
            ]
            raise Invalid("\n".join(lines), code="course_invalid") from None
        existing = db.session.scalar(select(Course).where(Course.code == spec.code))
        if existing is not None and not can_edit(actor, existing):
            raise Invalid(
                _l(
                    "Another school already has a course with the code "
                    "“%(code)s”. Change the code in course.yaml.",
                    code=spec.code,
                ),
                code="code_taken",
            )
        course = import_course(spec, media_root)
        if not actor.has_role(Role.ADMIN):
            course.school_id = actor.organisation_id
        studio_audit.record(actor, "course_import", course, lessons=len(spec.lessons))
        return course


def _clean_pictures(folder: Path) -> None:
    """The zip's `images/` become what workers' phones load from our origin: only
    pictures the upload accepts, re-encoded as it does, and plain SVG drawings."""
    images = folder / "images"
    for path in sorted(images.rglob("*")) if images.is_dir() else ():
        if path.is_dir():
            continue
        name = path.relative_to(folder).as_posix()
        fmt = studio_images.PICTURE_SUFFIXES.get(path.suffix.lower())
        data = path.read_bytes()
        if fmt is not None:
            try:
                path.write_bytes(studio_images.reencoded(data, fmt))
            except Invalid:
                raise _not_a_picture(name) from None
        elif path.suffix.lower() != ".svg" or not studio_images.is_plain_drawing(data):
            raise _not_a_picture(name)


def _not_a_picture(name: str) -> Invalid:
    return Invalid(
        _l(
            "%(name)s is not a picture we accept. The images folder may hold JPEG, "
            "PNG and WebP photos and SVG drawings without scripts or links. "
            "Nothing was imported.",
            name=name,
        ),
        code="not_image",
    )


def copy_course(actor: Person, course: Course, media_root: Path) -> Course:
    """复制为我的课程: a draft copy of a course the trainer may read (the shipped
    library), owned by their school, under a new code."""
    code = f"{course.code[:56]}-{secrets.token_hex(3)}"
    with tempfile.TemporaryDirectory(prefix="copy-") as tmp:
        root = export_folder(course, Path(tmp), media_root, code=code)
        copy = import_course(load_course(root, check_quiz=quiz_checker()), media_root)
    copy.school_id = None if actor.has_role(Role.ADMIN) else actor.organisation_id
    copy.status = CourseStatus.DRAFT
    db.session.flush()
    search_index.reindex_course(copy)
    studio_audit.record(actor, "course_copy", copy, source=course.code)
    return copy


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return path.name


def _extract(data: bytes, target: Path) -> Path:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Invalid(
            _l(
                "This file is not a zip we can open. Export the course "
                "again and upload the .zip file."
            ),
            code="bad_zip",
        ) from None
    _check_members(members)
    try:
        for member in members:
            _write_member(archive, member, target)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Invalid(
            _l("The zip is damaged and cannot be read."), code="bad_zip"
        ) from None
    folders = find_courses(target) or [p for p in target.iterdir() if p.is_dir()]
    if len(folders) != 1:
        raise Invalid(
            _l("The zip must hold exactly one course (one course.yaml)."),
            code="no_course",
        )
    return folders[0]


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise Invalid(_l("The zip holds too many files."), code="too_many")
    total = 0
    for member in members:
        name = member.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        mode = member.external_attr >> 16
        if (
            name.startswith(("/", "\\"))
            or ".." in parts
            or ":" in name
            or stat.S_ISLNK(mode)
        ):
            raise Invalid(
                _l(
                    "The zip contains a path that leaves its folder (%(name)s). "
                    "Nothing was imported.",
                    name=name,
                ),
                code="unsafe_path",
            )
        if member.file_size > MAX_MEMBER_BYTES:
            raise Invalid(
                _l("A file in the zip is larger than 20 MB (%(name)s).", name=name),
                code="too_large",
            )
        total += member.file_size
    if total > MAX_TOTAL_BYTES:
        raise Invalid(_l("The zip unpacks to more than 200 MB."), code="too_large")


def _write_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path):
    path = target.joinpath(*PurePosixPath(member.filename.replace("\\", "/")).parts)
    if member.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(member) as src, path.open("wb") as dst:
        written = 0
        while chunk := src.read(65536):
            written += len(chunk)
            if written > MAX_MEMBER_BYTES:  # the header lied about the size
                raise Invalid(
                    _l(
                        "A file in the zip is larger than 20 MB (%(name)s).",
                        name=member.filename,
                    ),
                    code="too_large",
                )
            dst.write(chunk)
