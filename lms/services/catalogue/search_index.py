"""The app's search index: built from the database, kept in `<LMS_DATA_DIR>/search`.

`reindex_course(course)` is the one place a course change reaches the index (course
import calls it; so should any future editor): it updates this node's index and logs
the change (`CatalogueChange`, committed with it). Each web node keeps its own index
and applies the logged changes before it searches (`catch_up`, at most every
LMS_SEARCH_SYNC_S seconds), so an edit made through one node is found through all.
`rebuild()` rebuilds everything (`flask search reindex`, the Huey task). `search(q)`
answers the learner API; hits are checked against the database, so a stale document
never shows a draft.

jieba is loaded once per process: by `warm_up_in_background()` on the first request,
by `LMS_SEARCH_PRELOAD=1` at app creation (gunicorn `--preload`), or on first use.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from lms.extensions import db
from lms.models import CatalogueChange, Course, CourseStatus, Lesson, LessonVideo
from lms.models.base import utcnow
from lms.writing import begin_writing

if TYPE_CHECKING:  # courses.search loads Whoosh and pypinyin (~0.5 s): only when used
    from courses.search import SearchDoc, SearchHit

_open_lock = threading.Lock()
_warmed = threading.Event()
_checked: dict[str, float] = {}  # index folder -> when this process last caught up
# Changes this recent are applied again at each catch-up: one committed late (its id
# taken before an earlier-numbered one's commit) is never skipped.
RECENT = timedelta(seconds=60)


log = logging.getLogger(__name__)


def init_app(app) -> None:
    """Warm jieba up at start (LMS_SEARCH_PRELOAD=1) or in a thread on first request.

    Not at import of `lms`: CLI commands that never search stay fast."""
    if os.environ.get("LMS_SEARCH_PRELOAD") == "1":
        _warm_up()

    @app.before_request
    def _warm_once():
        if not _warmed.is_set():
            _warmed.set()
            threading.Thread(target=_warm_up, name="jieba-warm-up", daemon=True).start()


def _warm_up() -> None:
    from courses.search import warm_up

    _warmed.set()
    warm_up()


def index_dir() -> Path:
    return Path(current_app.config["LMS_DATA_DIR"]) / "search"


def current():
    """This app's open index (one per process); built from the database when empty."""
    extensions = current_app.extensions
    if "search_index" not in extensions:
        from courses.search import open_or_create

        with _open_lock:
            if "search_index" not in extensions:
                index = open_or_create(index_dir())
                if index.doc_count() == 0:
                    _rebuild(index)
                extensions["search_index"] = index
    return extensions["search_index"]


def course_docs(course: Course, videos: dict | None = None) -> list[SearchDoc]:
    """The course and each of its lessons (guide and caption text) as documents;
    `videos` maps lesson ids to their LessonVideo (looked up when not given)."""
    from courses.search import SearchDoc, markdown_to_text

    if videos is None:
        videos = _videos([lesson.id for lesson in course.lessons])
    course_id = str(course.id)
    docs = [SearchDoc("course", course_id, None, course.title, course.summary)]
    for lesson in course.lessons:
        text = [markdown_to_text(lesson.guide_md), captions(videos.get(lesson.id))]
        body = "\n".join(filter(None, text))
        docs.append(
            SearchDoc("lesson", str(lesson.id), course_id, lesson.title, "", body)
        )
    return docs


def _videos(lesson_ids: list) -> dict:
    query = select(LessonVideo).where(LessonVideo.lesson_id.in_(lesson_ids))
    return {video.lesson_id: video for video in db.session.scalars(query)}


def captions(video: LessonVideo | None) -> str:
    """The text of a published video's caption tracks (WebVTT files in the media
    dir: the manifest's, in the video folder, and any added later)."""
    if video is None:
        return ""
    media = Path(current_app.config["LMS_DATA_DIR"]) / "media"
    folder = media / "videos" / video.folder
    paths = [folder / c["path"] for c in video.manifest.get("captions", ())]
    paths += [media / extra["path"] for extra in video.extra_captions or ()]
    texts = [vtt_text(p.read_text("utf-8", "replace")) for p in paths if p.is_file()]
    return "\n".join(texts)


def vtt_text(vtt: str) -> str:
    """The cue text of a WebVTT file (no header, timings, numbers or notes)."""
    from courses.search import markdown_to_text

    lines, skip = [], False
    for line in vtt.splitlines():
        line = line.strip()
        if not line:
            skip = False
        elif line.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")) or skip:
            skip = True
        elif "-->" not in line and not line.isdigit():
            lines.append(line)
    return markdown_to_text(" ".join(lines)) if lines else ""


def all_docs() -> list[SearchDoc]:
    query = (
        select(Course)
        .where(Course.status == CourseStatus.PUBLISHED)
        .options(selectinload(Course.lessons))
        .order_by(Course.id)
    )
    courses = list(db.session.scalars(query))
    videos = _videos([lesson.id for course in courses for lesson in course.lessons])
    return [doc for course in courses for doc in course_docs(course, videos)]


def rebuild() -> int:
    """Replace the whole index with what the database holds; returns the count."""
    return _rebuild(current())


def _rebuild(index) -> int:
    newest = db.session.scalar(select(func.max(CatalogueChange.id))) or 0
    count = index.rebuild(all_docs())
    _set_applied(newest)
    return count


def reindex_course(course: Course) -> None:
    """Bring this node's index in line with one course (published: its docs; else:
    removed), and log the change for the other nodes (the caller commits).

    Lessons deleted from the course disappear from results at once (hits are checked
    against the database) and from the index at the next `rebuild()`."""
    if course.id is None:
        db.session.flush()
    db.session.add(CatalogueChange(course_id=course.id, changed_at=utcnow()))
    _apply(current(), course)


def _apply(index, course: Course) -> None:
    lesson_ids = [str(lesson.id) for lesson in course.lessons if lesson.id is not None]
    if course.status == CourseStatus.PUBLISHED:
        index.upsert(course_docs(course))
    else:
        index.delete([str(course.id)], kind="course")
        index.delete(lesson_ids, kind="lesson")


def follow_change(course: Course) -> None:
    """Re-index a course after a committed change (a video or captions published), and
    commit the logged change. A busy index is only logged: its next catch-up applies
    the change."""
    from courses.search import SearchIndexBusy

    begin_writing()  # a step of a task: the change is logged in a new transaction
    try:
        reindex_course(course)
    except SearchIndexBusy:
        log.warning("search index busy; course %s follows at catch-up", course.code)
    db.session.commit()


def catch_up() -> int:
    """Apply to this node's index the course changes logged since it last looked (at
    most every LMS_SEARCH_SYNC_S seconds per process); how many courses it re-indexed.
    A busy index (another process writing) waits for the next call."""
    from courses.search import SearchIndexBusy

    folder = str(index_dir())
    moment = time.monotonic()
    if (
        moment - _checked.get(folder, -math.inf)
        < current_app.config["LMS_SEARCH_SYNC_S"]
    ):
        return 0
    _checked[folder] = moment
    index, applied = current(), _applied()
    change = CatalogueChange
    recent = or_(change.id > applied, change.changed_at > utcnow() - RECENT)
    rows = db.session.execute(select(change.id, change.course_id).where(recent)).all()
    if not rows:
        return 0
    query = select(Course).where(Course.id.in_({row.course_id for row in rows}))
    courses = list(db.session.scalars(query.options(selectinload(Course.lessons))))
    try:
        for course in courses:
            _apply(index, course)
    except SearchIndexBusy:
        _checked.pop(folder, None)
        return 0
    _set_applied(max(applied, *(row.id for row in rows)))
    return len(courses)


def _applied_file() -> Path:
    return Path(current_app.config["LMS_DATA_DIR"]) / "search-applied-change"


def _applied() -> int:
    """The newest logged change this node's index holds (0: none known)."""
    try:
        return int(_applied_file().read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def _set_applied(change_id: int) -> None:
    path = _applied_file()
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(f"{change_id}\n")
    os.replace(partial, path)


def search(q: str, limit: int = 20) -> list[SearchHit]:
    """Hits for `q` that still name a published course or lesson, best first."""
    catch_up()
    hits = current().search(q, limit=limit)
    courses = _published({int(h.id) for h in hits if h.kind == "course"}, Course.id)
    lessons = _published({int(h.id) for h in hits if h.kind == "lesson"}, Lesson.id)
    live = {"course": courses, "lesson": lessons}
    return [h for h in hits if int(h.id) in live[h.kind]]


def _published(ids: set[int], column) -> set[int]:
    if not ids:
        return set()
    query = select(column).where(column.in_(ids))
    if column is Lesson.id:
        query = query.join(Course, Lesson.course_id == Course.id)
    else:
        query = query.select_from(Course)
    query = query.where(Course.status == CourseStatus.PUBLISHED)
    return set(db.session.scalars(query))
