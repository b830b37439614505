"""Where lesson videos live on disk, and the `video` object the API and player get.

Published folders: `<data>/media/videos/<job id>-<run token>/` (a new name for every
run, so their files may be cached for a year). Sources kept for re-runs:
`<data>/media-sources/<sha256>.<ext>`, named by content.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from lms.extensions import db
from lms.models import JobState, Lesson, LessonVideo, TranscodeJob

VIDEOS = "videos"
MIB = 1024 * 1024


def data_dir() -> Path:
    return Path(current_app.config["LMS_DATA_DIR"])


def videos_root() -> Path:
    return data_dir() / "media" / VIDEOS


def sources_root() -> Path:
    return data_dir() / "media-sources"


def file_sha256(path: Path, *more: Path) -> str:
    """The content hash of one file (and, in order, of any further files)."""
    digest = hashlib.sha256()
    for item in (path, *more):
        with open(item, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def keep_source(
    path: Path, *, move: bool, suffix: str | None = None
) -> tuple[str, str]:
    """Store a source file by its content hash; returns (path under data dir, hash)."""
    sha = file_sha256(path)
    suffix = (path.suffix if suffix is None else suffix).lower()
    target = sources_root() / f"{sha}{suffix[:8]}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        if move:
            path.unlink()
    elif move:
        shutil.move(path, target)
    else:
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(path, temporary)
        temporary.replace(target)
    return str(target.relative_to(data_dir())), sha


def published(lesson_id: int) -> LessonVideo | None:
    return db.session.scalar(
        select(LessonVideo).where(LessonVideo.lesson_id == lesson_id)
    )


def video_object(lesson: Lesson, url: Callable[[str], str]) -> dict | None:
    """The lesson's `video` object (learner-api.md), or None without a published video;
    `url` turns a path under the media root into a URL (`lms.files.media_url`)."""
    video = published(lesson.id)
    return describe(video, url) if video is not None else None


def describe(video: LessonVideo, url: Callable[[str], str]) -> dict:
    manifest = video.manifest
    base = f"{VIDEOS}/{video.folder}/"
    minutes = max(video.duration_s, 1.0) / 60
    rungs = [
        {
            "name": r["name"],
            "width": r["width"],
            "height": r["height"],
            "bandwidth": r["bandwidth_bps"],
            "mb_per_min": round((r["mp4_bytes"] or r["hls_bytes"]) / MIB / minutes, 1),
            "mp4": url(base + r["mp4"]) if r.get("mp4") else None,
        }
        for r in manifest["renditions"]
    ]
    return {
        "hls": url(base + manifest["master_playlist"]),
        "mp4": [
            {
                "height": r["height"],
                "url": url(base + r["mp4"]),
                "bytes": r["mp4_bytes"],
            }
            for r in manifest["renditions"]
            if r.get("mp4")
        ],
        "poster": url(base + manifest["poster"]),
        "captions": _captions(video, base, url),
        "duration_s": video.duration_s,
        "renditions": rungs,
        "audio": _audio(manifest, base, url),
    }


def _audio(manifest: dict, base: str, url) -> dict | None:
    """The listen-mode rendition (听课), if the video has sound."""
    audio = manifest.get("audio")
    if not audio:
        return None
    hls = url(base + audio["playlist"]) if audio.get("playlist") else None
    return {"url": url(base + audio["path"]), "hls": hls, "bytes": audio["bytes"]}


PHONE_SHORT_SIDE = 360  # what 自动 plays on a phone (the player caps at the screen)


def data_estimate(video: dict) -> tuple[float, float, float | None]:
    """Megabytes for the whole lesson: watching in 自动 on a phone, in 省流量, and
    listening (None without sound)."""
    minutes = max(video["duration_s"], 1.0) / 60
    rungs = sorted(video["renditions"], key=lambda r: min(r["width"], r["height"]))
    fits = [r for r in rungs if min(r["width"], r["height"]) <= PHONE_SHORT_SIDE]
    auto = (fits or rungs)[-1]["mb_per_min"] * minutes
    saver = rungs[0]["mb_per_min"] * minutes
    audio = video["audio"]["bytes"] / MIB if video.get("audio") else None
    return _mb(auto), _mb(saver), _mb(audio) if audio is not None else None


def _mb(megabytes: float) -> float:
    return max(0.1, round(megabytes, 1))


def _captions(video: LessonVideo, base: str, url) -> list[dict]:
    tracks = {
        c["lang"]: {
            "lang": c["lang"],
            "label": c["label"],
            "url": url(base + c["path"]),
        }
        for c in video.manifest.get("captions", ())
    }
    for extra in video.extra_captions or ():
        tracks[extra["lang"]] = {
            "lang": extra["lang"],
            "label": extra["label"],
            "url": url(extra["path"]),
        }
    return list(tracks.values())


FOLDER_RE = re.compile(r"^\.?(\d+)-([0-9a-f]{12})(?:\.partial|\.old)?$")


def remove_earlier_work(job_id: int, token: str) -> int:
    """Delete the `.partial` work folders earlier runs of job `job_id` left behind
    (a killed run never renamed its own); the current run's token is kept."""
    root = videos_root()
    if not root.is_dir():
        return 0
    removed = 0
    for entry in root.glob(f".{int(job_id)}-*.partial"):
        match = FOLDER_RE.match(entry.name)
        if match and match[1] == str(job_id) and match[2] != token:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


def sweep(grace_s: float) -> int:
    """Delete video folders no lesson shows and no running job builds, once they are
    `grace_s` old (players may still be fetching a replaced video's segments)."""
    root = videos_root()
    if not root.is_dir():
        return 0
    keep = set(db.session.scalars(select(LessonVideo.folder)))
    running = select(TranscodeJob.id, TranscodeJob.run_token).where(
        TranscodeJob.state == JobState.RUNNING
    )
    keep |= {f"{job_id}-{token}" for job_id, token in db.session.execute(running)}
    removed, now = 0, time.time()
    for entry in root.iterdir():
        match = FOLDER_RE.match(entry.name)
        if not match or f"{match[1]}-{match[2]}" in keep:
            continue
        if now - entry.stat().st_mtime > grace_s:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed
