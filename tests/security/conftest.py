"""Shared set-up for the security tests: a school trainer with the sample course, and
zips built from its export."""

from __future__ import annotations

import io
import zipfile

import pytest

from lms.models import OrgKind, Role

SCHOOL = "school-gz-vocational"


@pytest.fixture
def trainer_course(client, factory, sample_course_dir):
    """(course, trainer) with the trainer signed in on `client`."""
    school = factory.org(SCHOOL, OrgKind.SCHOOL)
    course = factory.course(sample_course_dir)
    trainer = factory.person(Role.TRAINER, org=school)
    factory.login(client, trainer)
    return course, trainer


def members_of(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {i.filename: archive.read(i) for i in archive.infolist()}


def zip_of(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in files.items():
            archive.writestr(name, body)
    return buffer.getvalue()
