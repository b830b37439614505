"""Learner views: parse, call the catalogue service, render."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from lms.db_setup import writes_on_get
from lms.extensions import db
from lms.files import media_url
from lms.learner import bp
from lms.services.catalogue import browse as catalogue
from lms.services.credits import ledger as credits
from lms.services.learning import progress
from lms.services.video import store as video_store


@bp.get("/")
def home():
    courses = catalogue.published_courses()
    done = catalogue.completed_counts(current_user, [c.id for c in courses])
    last = catalogue.last_lesson(current_user)
    hours = credits.total_hours(credits.person_credits(current_user))
    return render_template(
        "learner/home.html", courses=courses, done=done, last=last, hours=hours
    )


@bp.get("/courses/<int:course_id>")
def course(course_id: int):
    course = catalogue.get_course(course_id)
    progress = catalogue.progress_by_lesson(
        current_user, [x.id for x in course.lessons]
    )
    return render_template("learner/course.html", course=course, progress=progress)


@bp.get("/lessons/<int:lesson_id>")
@writes_on_get
def lesson(lesson_id: int):
    lesson = catalogue.get_lesson(lesson_id)
    row = progress.open_lesson(current_user, lesson)
    db.session.commit()
    video = video_store.video_object(lesson)
    return render_template(
        "learner/lesson.html",
        lesson=lesson,
        guide_html=catalogue.guide_html(lesson, media_url),
        progress=row,
        video=video,
    )
