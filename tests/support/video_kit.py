"""Shared pieces of the lesson-video tests (imported by test_video_*, test_upload*,
tests/browser/test_video*): tiny real clips made with lavfi, a course of the trainer's
school, publishing through the real job path. Holds no tests of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.media.clipkit import AAC, H264, Clips, ffmpeg, lavfi_video, tone

SCHOOL = "school-gz-vocational"


def _clip_6s(path: Path) -> None:
    ffmpeg(
        *lavfi_video("640x360", seconds=6),
        *tone(6),
        *H264,
        *AAC,
        "-shortest",
        str(path),
    )


def _clip_minute(path: Path) -> None:
    ffmpeg(
        *lavfi_video("426x240", rate="15", seconds=64),
        *tone(64),
        *H264,
        *AAC,
        "-shortest",
        str(path),
    )


def _clip_short(path: Path) -> None:
    ffmpeg(*lavfi_video("320x240", seconds=0.4), *H264, str(path))


def _clip_cut(path: Path) -> None:
    whole = path.with_name("whole-for-cut.mp4")
    ffmpeg(
        *lavfi_video("320x240", seconds=4),
        *tone(4),
        *H264,
        *AAC,
        "-shortest",
        str(whole),
    )
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _clip_audio_only(path: Path) -> None:
    ffmpeg(*tone(3), *AAC, str(path))


EXTRA = {
    "six-seconds.mp4": _clip_6s,
    "one-minute.mp4": _clip_minute,
    "too-short.mp4": _clip_short,
    "cut-in-half.mp4": _clip_cut,
    "audio-only.m4a": _clip_audio_only,
}


class VideoClips(Clips):
    def get(self, name: str) -> Path:
        path = self.folder / name
        if not path.exists() and name in EXTRA:
            EXTRA[name](path)
        return super().get(name)


@pytest.fixture(scope="session")
def video_clips(tmp_path_factory) -> VideoClips:
    return VideoClips(tmp_path_factory.mktemp("video-clips"))


@pytest.fixture
def school_course(factory, sample_course_dir):
    """The sample course, owned by the trainers' school."""
    from lms.models import OrgKind

    factory.org(SCHOOL, OrgKind.SCHOOL)
    return factory.course(sample_course_dir)


@pytest.fixture
def trainer(factory):
    from lms.extensions import db
    from lms.models import Organisation, Role

    school = db.session.scalar(db.select(Organisation).filter_by(code=SCHOOL))
    return factory.person(Role.TRAINER, school)


def publish(lesson, clip: Path, captions: Path | None = None):
    """Queue and run a job for `clip` as the task does; returns the job."""
    from lms import tasks
    from lms.extensions import db
    from lms.models import TranscodeJob
    from lms.services.video import importing as video_import

    job = video_import.request_file_video(lesson, clip, captions, force=True)
    db.session.commit()
    tasks.transcode_lesson_video(job.id)
    db.session.expire_all()
    return db.session.get(TranscodeJob, job.id)


def media_path(app, url: str) -> Path:
    """The file behind a /media/... URL."""
    assert url.startswith("/media/"), url
    return Path(app.config["LMS_DATA_DIR"]) / "media" / url.removeprefix("/media/")
