"""Learner views: parse, call the catalogue service, render."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_login import current_user

from lms.extensions import db
from lms.files import media_url
from lms.learner import bp
from lms.models.base import utcnow
from lms.services.catalogue import browse as catalogue
from lms.services.credits import ledger as credits
from lms.services.learning import completion, goals, journey, progress
from lms.services.video import store as video_store


@bp.get("/")
def home():
    courses = catalogue.published_courses()
    done = catalogue.completed_counts(current_user, [c.id for c in courses])
    hours = credits.total_hours(credits.person_credits(current_user))
    zone, now = ZoneInfo(current_app.config["LMS_TIMEZONE"]), utcnow()
    return render_template(
        "learner/home.html",
        courses=courses,
        done=done,
        next_up=journey.next_up(current_user),
        goal=goals.daily_goal(current_user, now, zone),
        local_day=credits.local_day,
        hours=hours,
    )


@bp.get("/courses/<int:course_id>")
def course(course_id: int):
    course = catalogue.get_course(course_id)
    progress = catalogue.progress_by_lesson(
        current_user, [x.id for x in course.lessons]
    )
    finished = completion.course_completed_at(current_user, course) is not None
    return render_template(
        "learner/course.html",
        course=course,
        progress=progress,
        course_finished=finished,
    )


@bp.get("/lessons/<int:lesson_id>")
def lesson(lesson_id: int):
    lesson = catalogue.get_lesson(lesson_id)
    row = progress.open_lesson(current_user, lesson)
    db.session.commit()
    video = video_store.video_object(lesson, media_url)
    return render_template(
        "learner/lesson.html",
        lesson=lesson,
        guide_html=catalogue.guide_html(lesson, media_url),
        progress=row,
        start_at=journey.start_position(lesson, row),
        steps=journey.checklist(lesson, row),
        next_lesson=journey.next_in_course(current_user, lesson),
        video=video,
        data_mb=video_store.data_estimate(video) if video else None,
    )
