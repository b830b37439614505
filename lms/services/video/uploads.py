"""Resumable uploads of lesson videos: start → append chunks at offsets → complete.

An upload is files in `<data>/uploads/`: `<id>.json` (who, which lesson, file name,
declared size) and `<id>.part` (the bytes so far: its size is the offset). A chunk is
received into `<id>.chunk` and appended only once whole, so a dropped connection leaves
the offset at the last whole chunk and the client resumes from there. Completing
validates the file with `media.inspect_upload`; a rejection deletes the files and
creates nothing. No database writes until a job is created.
"""

from __future__ import annotations

import fcntl
import json
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l

from lms.models import JobKind, Lesson, Person, TranscodeJob
from lms.services.errors import Conflict, Invalid, NotFound
from lms.services.video import jobs as media_jobs
from lms.services.video import store as video_store
from media import Limits, MediaRejected, inspect_upload

CHUNK_SIZE = 2 * 1024 * 1024
ID_RE = re.compile(r"^[0-9a-f]{32}$")
ABANDONED_S = 2 * 24 * 3600


@dataclass(frozen=True)
class Upload:
    id: str
    person_id: int
    lesson_id: int
    filename: str
    size: int
    started_at: float

    @property
    def part(self) -> Path:
        return uploads_root() / f"{self.id}.part"

    @property
    def offset(self) -> int:
        return self.part.stat().st_size if self.part.exists() else 0


def uploads_root() -> Path:
    return video_store.data_dir() / "uploads"


def start(person: Person, lesson: Lesson, filename: str, size: object) -> Upload:
    """Open an upload of `size` bytes for `lesson` (the caller checked access)."""
    if size == 0 and not isinstance(size, bool):
        raise Invalid(_l("The file is empty: choose the video again."), code="empty")
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise Invalid(_l("Give the file size in bytes."), code="invalid_size")
    if size > Limits().max_size_bytes:
        raise _too_large()
    name = Path(str(filename or "video.mp4")).name[-120:] or "video.mp4"
    upload = Upload(
        secrets.token_hex(16), person.id, lesson.id, name, size, time.time()
    )
    uploads_root().mkdir(parents=True, exist_ok=True)
    upload.part.touch()
    _meta(upload.id).write_text(json.dumps(asdict(upload)), encoding="utf-8")
    return upload


def _too_large() -> Invalid:
    from media.messages import reject  # the pipeline's own Chinese wording

    rejected = reject("too_large", max_gb=f"{Limits().max_size_bytes / 1024**3:g}")
    return Invalid(rejected.message, code=rejected.code)


def get(person: Person, upload_id: str) -> Upload:
    """The person's own upload (anyone else's is "not found")."""
    path = _meta(upload_id) if ID_RE.match(upload_id or "") else None
    if path is None or not path.is_file():
        raise NotFound()
    upload = Upload(**json.loads(path.read_text(encoding="utf-8")))
    if upload.person_id != person.id:
        raise NotFound()
    return upload


def append(upload: Upload, offset: int, stream, length: int | None) -> int:
    """Append one chunk sent at `offset`; returns the new offset.

    Conflict (with the server's offset) if `offset` is not where the file ends."""
    if length is None or length <= 0:
        raise Invalid(_l("Send the chunk with its Content-Length."), code="no_length")
    with open(upload.part, "ab") as part:
        fcntl.flock(part, fcntl.LOCK_EX)  # one chunk at a time per upload
        current = upload.offset
        if offset != current:
            raise Conflict(
                _l("The upload continues at another offset."),
                code="offset_mismatch",
                details={"offset": current},
            )
        if current + length > upload.size:
            raise Invalid(_l("The chunk goes past the declared size."), code="too_long")
        chunk = uploads_root() / f"{upload.id}.chunk"
        received = _receive(stream, chunk, length)
        if received == length:
            with open(chunk, "rb") as data:
                shutil.copyfileobj(data, part)
        chunk.unlink(missing_ok=True)
    return upload.offset


def _receive(stream, chunk: Path, length: int) -> int:
    received = 0
    try:
        with open(chunk, "wb") as out:
            while received < length:
                data = stream.read(min(256 * 1024, length - received))
                if not data:
                    break
                out.write(data)
                received += len(data)
    except OSError:  # the client went away mid-chunk (werkzeug's ClientDisconnected)
        pass
    except Exception as exc:  # noqa: BLE001 - a BadRequest for a cut body
        if exc.__class__.__name__ != "ClientDisconnected":
            raise
    return received


@dataclass(frozen=True)
class Checked:
    """A complete, validated upload moved into the source store."""

    lesson_id: int
    filename: str
    source_path: str
    source_key: str


def check(upload: Upload) -> Checked:
    """Validate the whole file; on rejection delete it and raise Invalid (Chinese)."""
    if upload.offset != upload.size:
        raise Conflict(
            _l("The upload is not complete yet."),
            code="incomplete",
            details={"offset": upload.offset},
        )
    try:
        inspect_upload(upload.part)
    except MediaRejected as exc:
        discard(upload)
        raise Invalid(exc.message, code=exc.code) from exc
    suffix = Path(upload.filename).suffix or ".mp4"
    path, sha = video_store.keep_source(upload.part, move=True, suffix=suffix)
    discard(upload)
    return Checked(upload.lesson_id, upload.filename, path, sha)


def queue_job(person: Person, lesson: Lesson, checked: Checked) -> TranscodeJob:
    return media_jobs.create_job(
        lesson,
        JobKind.UPLOAD,
        source_key=checked.source_key,
        source_path=checked.source_path,
        source_name=checked.filename,
        actor=person,
    )


def discard(upload: Upload) -> None:
    for suffix in (".part", ".chunk", ".json"):
        (uploads_root() / f"{upload.id}{suffix}").unlink(missing_ok=True)


def sweep_abandoned(older_than_s: float = ABANDONED_S) -> int:
    """Delete uploads nobody touched for `older_than_s` seconds."""
    root, removed = uploads_root(), 0
    if not root.is_dir():
        return 0
    for meta in root.glob("*.json"):
        part = meta.with_suffix(".part")
        touched = max(
            meta.stat().st_mtime, part.stat().st_mtime if part.exists() else 0
        )
        if time.time() - touched > older_than_s:
            for path in (meta, part, meta.with_suffix(".chunk")):
                path.unlink(missing_ok=True)
            removed += 1
    return removed


def _meta(upload_id: str) -> Path:
    return uploads_root() / f"{upload_id}.json"
