"""Trainers' video pages: lessons and their videos, resumable upload, job status,
captions. The upload protocol (JSON; chunks are raw bytes):

  POST  /studio/lessons/<id>/uploads {"filename", "size"} -> 201 {"id", "offset", ...}
  GET   /studio/uploads/<upload>                          -> {"offset", "size"}
  PATCH /studio/uploads/<upload>  Upload-Offset: n, body  -> {"offset"} (409: ask again)
  POST  /studio/uploads/<upload>/complete                 -> 202 {"job_id", "status_url"}
  GET   /studio/media/jobs/<job>                          -> {"state", "progress", ...}
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms import tasks
from lms.errors import Invalid, NotFound, json_object
from lms.extensions import db
from lms.files import media_url
from lms.models import TranscodeJob
from lms.services.catalogue import search_index
from lms.services.video import access as video_access
from lms.services.video import captions as video_captions
from lms.services.video import jobs as media_jobs
from lms.services.video import narrated, uploads
from lms.services.video import store as video_store
from lms.studio import bp
from lms.writing import begin_writing, reads_first
from media.validate import Limits


def _person():
    return current_user._get_current_object()


@bp.get("/media")
def media_index():
    courses = video_access.editable_courses(_person())
    videos = {
        lesson.id: video_store.published(lesson.id)
        for course in courses
        for lesson in course.lessons
    }
    return render_template("studio/media.html", courses=courses, videos=videos)


@bp.get("/lessons/<int:lesson_id>/media")
def lesson_media(lesson_id: int, error: str | None = None, status: int = 200):
    lesson = video_access.editable_lesson(_person(), lesson_id)
    video = video_store.published(lesson.id)
    page = render_template(
        "studio/media_lesson.html",
        lesson=lesson,
        video=video_store.describe(video, media_url) if video else None,
        job=media_jobs.latest_job(lesson.id),
        chunk_size=uploads.CHUNK_SIZE,
        max_seconds=int(Limits().max_duration_s),
        job_message=media_jobs.job_message,
        error=error,
    )
    return page, status


@bp.post("/lessons/<int:lesson_id>/narration")
def lesson_narrate(lesson_id: int):
    """生成讲解视频: queue the narrated video of the lesson's guide; the page then
    follows the job with its progress bar."""
    lesson = video_access.editable_lesson(_person(), lesson_id)
    job = narrated.request_narration(lesson, replace_upload=True)
    db.session.commit()
    if job is not None:
        tasks.enqueue_transcode(job.id)
        flash(_l("The narrated video is being made."))
    else:
        flash(_l("This narration is already published or being made."))
    return redirect(url_for("studio.lesson_media", lesson_id=lesson_id))


@bp.post("/lessons/<int:lesson_id>/uploads")
@reads_first
def upload_start(lesson_id: int):
    lesson = video_access.editable_lesson(_person(), lesson_id)
    body = json_object()
    upload = uploads.start(_person(), lesson, body.get("filename"), body.get("size"))
    return jsonify(_upload_state(upload) | {"chunk_size": uploads.CHUNK_SIZE}), 201


@bp.get("/uploads/<upload_id>")
def upload_status(upload_id: str):
    return jsonify(_upload_state(uploads.get(_person(), upload_id)))


@bp.patch("/uploads/<upload_id>")
@reads_first
def upload_chunk(upload_id: str):
    upload = uploads.get(_person(), upload_id)
    db.session.close()  # no transaction held while a slow phone sends the chunk
    offset = request.headers.get("Upload-Offset", type=int)
    if offset is None:
        raise Invalid(code="no_offset")
    new = uploads.append(upload, offset, request.stream, request.content_length)
    return jsonify({"offset": new, "size": upload.size})


@bp.delete("/uploads/<upload_id>")
@reads_first
def upload_cancel(upload_id: str):
    uploads.discard(uploads.get(_person(), upload_id))
    return "", 204


@bp.post("/uploads/<upload_id>/complete")
@reads_first
def upload_complete(upload_id: str):
    person = _person()
    upload = uploads.get(person, upload_id)
    lesson = video_access.editable_lesson(person, upload.lesson_id)
    checked = uploads.check(upload)  # slow (decodes samples): before the write lock
    begin_writing()
    job = uploads.queue_job(person, lesson, checked)
    db.session.commit()
    tasks.enqueue_transcode(job.id)
    status_url = url_for("studio.job_status", job_id=job.id)
    return jsonify({"job_id": job.id, "status_url": status_url}), 202


@bp.get("/media/jobs/<int:job_id>")
def job_status(job_id: int):
    job = db.session.get(TranscodeJob, job_id)
    if job is None:
        raise NotFound()
    video_access.editable_lesson(_person(), job.lesson_id)
    return jsonify(
        {
            "id": job.id,
            "state": job.state,
            "progress": round(job.progress, 3),
            "attempts": job.attempts,
            "error_code": job.error_code,
            "error_message": media_jobs.job_message(job),
            "published": job.state == "done",
            # queued again after a run that stopped (restart, lost worker)
            "restarted": job.state == "queued" and job.attempts > 0,
        }
    )


@bp.post("/lessons/<int:lesson_id>/captions")
def captions_upload(lesson_id: int):
    lesson = video_access.editable_lesson(_person(), lesson_id)
    sent = request.files.get("captions")
    if sent is None or not sent.filename:
        return lesson_media(lesson_id, error=str(Invalid().message), status=422)
    suffix = Path(sent.filename).suffix.lower()[:8]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"captions{suffix}"
        sent.save(path)
        try:
            video_captions.add_captions(lesson, path, request.form.get("lang", "zh-CN"))
        except Invalid as exc:
            db.session.rollback()
            return lesson_media(lesson_id, error=str(exc.message), status=422)
    db.session.commit()
    search_index.follow_change(lesson.course)
    return redirect(url_for("studio.lesson_media", lesson_id=lesson_id))


def _upload_state(upload: uploads.Upload) -> dict:
    return {
        "id": upload.id,
        "offset": upload.offset,
        "size": upload.size,
        "url": url_for("studio.upload_chunk", upload_id=upload.id),
    }
