"""Narrated videos (issue 7) and the command line: `flask courses make-video`, `flask
courses import --with-videos`, `flask media transcode` / `jobs`, and course files whose
lessons name a video (queued like an upload, skipped when unchanged). One small lesson
is narrated for real; the library is not."""

# ruff: noqa: F811 - fixtures imported from video_kit are used as arguments

from __future__ import annotations

import shutil

from lms.models import JobKind, JobState, LessonVideo, TranscodeJob
from tests.support.video_kit import (  # noqa: F401 - fixtures
    media_path,
    school_course,
    video_clips,
)


def cli(app, *args):
    result = app.test_cli_runner().invoke(args=list(args), catch_exceptions=False)
    return result


def jobs(db) -> list[TranscodeJob]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(TranscodeJob).order_by(TranscodeJob.id)))


def test_make_video_narrates_a_lesson_through_the_pipeline(
    app, db, school_course, sample_course_dir
):
    result = cli(app, "courses", "make-video", "sample-101/visibility")
    assert result.exit_code == 0, result.output
    video = db.session.scalar(db.select(LessonVideo))
    assert video.kind == JobKind.NARRATION and video.duration_s > 1
    assert [c["lang"] for c in video.manifest["captions"]] == ["zh-CN"]
    folder = media_path(app, "/media/videos/x").parent / video.folder
    assert "WEBVTT" in (folder / video.manifest["captions"][0]["path"]).read_text()
    cache = media_path(app, "/media/x").parent.parent / "narration-cache"
    assert len(list(cache.iterdir())) == 1
    assert not list((cache.parent / "narration-out").iterdir())  # copies removed

    again = cli(app, "courses", "make-video", "sample-101/visibility")
    assert "已是最新" in again.output and len(jobs(db)) == 1  # same guide: nothing

    # Setup's import: only lessons without a video get a (queued) narration job.
    queued = cli(app, "courses", "import", "--with-videos", str(sample_course_dir))
    assert queued.exit_code == 0, queued.output
    assert [(j.kind, j.state, j.lesson.code) for j in jobs(db)][1:] == [
        (JobKind.NARRATION, JobState.QUEUED, "rain-riding")
    ]
    cli(app, "courses", "import", "--with-videos", str(sample_course_dir))
    assert len(jobs(db)) == 2  # a second `make run` adds nothing


def test_cli_transcode_and_jobs(app, db, school_course, video_clips):
    clip = video_clips.get("tiny.mp4")
    result = cli(
        app, "media", "transcode", str(clip), "--lesson", "sample-101/visibility"
    )
    assert result.exit_code == 0, result.output
    assert "done" in result.output
    listing = cli(app, "media", "jobs").output
    assert "done" in listing and "sample-101/visibility" in listing
    bad = cli(
        app,
        "media",
        "transcode",
        str(video_clips.get("too-short.mp4")),
        "--lesson",
        "sample-101/visibility",
    )
    assert bad.exit_code == 1 and "视频时长不足" in bad.output
    assert len(jobs(db)) == 1


def test_course_file_videos_are_queued_once_per_content(
    app, db, school_course, sample_course_dir, video_clips
):
    from lms import tasks

    lesson_file = sample_course_dir / "lessons" / "01-rain-riding.md"
    text = lesson_file.read_text(encoding="utf-8")
    lesson_file.write_text(text.replace("---\n", "---\nvideo: clip.mp4\n", 1), "utf-8")
    shutil.copyfile(video_clips.get("tiny.mp4"), lesson_file.parent / "clip.mp4")

    assert cli(app, "courses", "import", str(sample_course_dir)).exit_code == 0
    [job] = jobs(db)
    assert (job.kind, job.state, job.source_name) == (
        JobKind.IMPORT,
        JobState.QUEUED,
        "clip.mp4",
    )
    assert tasks.transcode_lesson_video(job.id) == "done"
    cli(app, "courses", "import", str(sample_course_dir))
    assert len(jobs(db)) == 1  # unchanged source: not transcoded again

    shutil.copyfile(video_clips.get("landscape.mp4"), lesson_file.parent / "clip.mp4")
    cli(app, "courses", "import", str(sample_course_dir))
    assert [j.state for j in jobs(db)] == [JobState.DONE, JobState.QUEUED]
