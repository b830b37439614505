"""Recording learning events as xAPI statements in the outbox (`XapiStatement`),
to be delivered to the learning record store by `xapi.send.deliver` (the xapi
channel of the outbox core).

The hooks run inside the event's transaction (they flush, never commit):
`record_lesson_completed` and `record_course_completed` receive learning's
announcements (connected in `lms.subscriptions`), `record_quiz_result` is called by
the quiz code. Each event has one
statement id (see `xapi.statements`), so calling a hook again for the same event
changes nothing. With `LMS_XAPI_URL` unset, xAPI is off and nothing is recorded.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.models import (
    Course,
    Lesson,
    OutboxChannel,
    Person,
    XapiState,
    XapiStatement,
)
from lms.services.accounts import audit
from lms.services.outbox import state
from lms.services.xapi import statements as build


def is_on() -> bool:
    return bool(current_app.config.get("LMS_XAPI_URL"))


def record_lesson_completed(
    person: Person, lesson: Lesson, now: datetime
) -> str | None:
    """Statement "<person> completed <lesson>" (in its course). Returns its id."""
    sid = build.statement_id(
        f"lesson-completed/{person.person_id}/{lesson.course.code}/{lesson.code}"
    )
    hours = build.extension("credit-hours")
    context = {
        "contextActivities": {"parent": [build.course_activity(lesson.course)]},
        "extensions": {hours: f"{lesson.credit_hours:.2f}"},
    }
    obj = build.lesson_activity(lesson)
    result = {"completion": True}
    return _queue(person, sid, "completed", obj, now, result=result, context=context)


def record_course_completed(
    person: Person, course: Course, now: datetime
) -> str | None:
    """Statement "<person> completed <course>" (every lesson done). Returns its id."""
    sid = build.statement_id(f"course-completed/{person.person_id}/{course.code}")
    obj = build.course_activity(course)
    return _queue(person, sid, "completed", obj, now, result={"completion": True})


def record_quiz_result(
    person: Person,
    lesson: Lesson,
    score: float,
    passed: bool,
    attempt_id: int | str,
    now: datetime,
) -> str | None:
    """Statement "<person> passed|failed the quiz of <lesson>" for one submitted
    attempt. For the quiz code to call once an attempt is graded, in the same
    transaction: `score` is the scaled score 0.0-1.0, `passed` the pass decision,
    `attempt_id` the attempt's id (one statement per attempt, however often this
    is called), `now` the submission time (UTC-aware). Returns the statement id,
    or None when xAPI is off."""
    sid = build.statement_id(f"quiz-attempt/{attempt_id}")
    result = {
        "score": {"scaled": round(min(max(float(score), 0.0), 1.0), 4)},
        "success": bool(passed),
        "completion": True,
    }
    context = {
        "contextActivities": {
            "parent": [build.lesson_activity(lesson)],
            "grouping": [build.course_activity(lesson.course)],
        },
        "extensions": {build.extension("quiz-attempt"): str(attempt_id)},
    }
    verb = "passed" if passed else "failed"
    obj = build.quiz_activity(lesson)
    return _queue(person, sid, verb, obj, now, result=result, context=context)


def _queue(
    person: Person, sid: str, verb: str, obj: dict, now: datetime, **parts
) -> str | None:
    """Store the statement unless its id is already stored (then nothing happens)."""
    if not is_on():
        return None
    body = build.statement(sid, person, verb, obj, now, **parts)
    row = XapiStatement(
        id=sid,
        person_id=person.id,
        verb=verb,
        statement=body,
        state=XapiState.QUEUED,
        attempts=0,
        created_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        pass
    return sid


def counts() -> dict[str, int]:
    """How many statements are queued, delivered and held."""
    rows = db.session.execute(
        select(XapiStatement.state, func.count()).group_by(XapiStatement.state)
    ).all()
    found = {str(state): n for state, n in rows}
    return {str(s): found.get(str(s), 0) for s in XapiState}


def release_held(statement_id: str | None = None, actor: Person | None = None) -> int:
    """Queue held statements again (all, or one by id), with an audit line when
    there were any (`actor` None: the command line); returns how many."""
    query = update(XapiStatement).where(XapiStatement.state == XapiState.HELD)
    if statement_id is not None:
        query = query.where(XapiStatement.id == statement_id)
    values = {"state": XapiState.QUEUED, "next_attempt_at": None}
    count = db.session.execute(query.values(**values)).rowcount or 0
    if count:
        audit.record(actor, "release_xapi", reason=f"{count} held statements")
    return count


def channel_state() -> OutboxChannel:
    """The xapi channel's sender state (stopped, back-off), for reading."""
    return state.current("xapi")


def resume(actor: Person | None, now: datetime) -> None:
    """Lift a stop (the LRS refused us) so the next run sends, with an audit line;
    `actor` None: from the command line."""
    was = state.resume("xapi")
    audit.record(actor, "resume_xapi", reason=was)


requeue_failed = release_held  # the name before "held" meant the same in both channels
