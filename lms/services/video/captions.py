"""Caption tracks added to a published video (SRT or WebVTT from a trainer).

The published folder is never touched (it is cached for a year): the cleaned WebVTT is
written to `videos/captions/<content hash>.vtt` and listed on the lesson's video row.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.models import Lesson
from lms.services.errors import Conflict, Invalid
from lms.services.video import store as video_store
from media import CaptionsRejected
from media.captions import read_captions, write_webvtt

LANG_LABELS = {"zh-CN": "中文", "en": "English"}


def add_captions(lesson: Lesson, path: Path, lang: str) -> dict:
    """Validate `path` against the published video and list it as the `lang` track."""
    video = video_store.published(lesson.id)
    if video is None:
        raise Conflict(_l("Publish a video before adding captions."), code="no_video")
    if lang not in LANG_LABELS:
        raise Invalid(_l("Choose the captions' language."), code="invalid_lang")
    try:
        cues = read_captions(path, video.duration_s)
    except CaptionsRejected as exc:
        raise Invalid(exc.message, code=exc.code) from exc
    relative = _write(cues)
    track = {"lang": lang, "label": LANG_LABELS[lang], "path": relative}
    kept = [c for c in video.extra_captions or () if c["lang"] != lang]
    video.extra_captions = [*kept, track]
    return track


def _write(cues) -> str:
    folder = video_store.videos_root() / "captions"
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".vtt", dir=folder)
    os.close(handle)
    try:
        write_webvtt(cues, Path(temporary))
        os.chmod(temporary, 0o644)  # served by nginx too (X-Accel)
        digest = hashlib.sha256(Path(temporary).read_bytes()).hexdigest()[:20]
        target = folder / f"{digest}.vtt"
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return f"{video_store.VIDEOS}/captions/{target.name}"
