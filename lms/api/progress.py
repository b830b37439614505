"""Watching progress and guide reading: `POST /lessons/{id}/progress`, `/guide-read`."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from lms.api import bp, present
from lms.errors import json_object
from lms.extensions import db
from lms.services.catalogue import browse as catalogue
from lms.services.learning import progress, progress_store
from lms.writing import begin_writing, reads_first


@bp.post("/lessons/<lesson_id>/progress")
@reads_first
def record_progress(lesson_id: str):
    lesson = progress_store.published_lesson(lesson_id)
    body = json_object()
    events = progress.parse_events(body.get("events", []))
    position = progress.parse_position(body.get("position"))
    person = current_user._get_current_object()
    begin_writing()  # the write lock from here to the commit
    row, completed = progress.record_progress(person, lesson, position, events)
    # the answer is read before the commit expires the rows
    answer = present.progress_answer(person, lesson, row, completed)
    db.session.commit()
    return jsonify(answer)


@bp.post("/lessons/<lesson_id>/guide-read")
def guide_read(lesson_id: str):
    lesson = catalogue.get_lesson(lesson_id)
    row, completed = progress.mark_guide_read(current_user, lesson)
    answer = present.progress_answer(current_user, lesson, row, completed)
    db.session.commit()
    return jsonify(answer)
