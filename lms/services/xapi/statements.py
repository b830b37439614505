"""Building xAPI 1.0.3 statements: verbs and activity types as data, Chinese
(`zh-CN`) display text, the actor as an account on this instance named by the
city-wide person id (never the phone number), and statement ids made by us.

A statement id is a UUID v5 of a fixed namespace and the event's identity (the
instance, then e.g. "lesson-completed/<person_id>/<course>/<lesson>"), so the same
event always gets the same id and an LRS stores it once, however often it is sent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app

from lms.models import Course, Lesson, Person

XAPI_NAMESPACE = uuid.UUID("5d0f3c52-8f8e-4b8e-9a55-2f1f0c7e6a31")
ADL = "http://adlnet.gov/expapi"


@dataclass(frozen=True)
class Verb:
    iri: str
    zh: str
    en: str

    def as_json(self) -> dict:
        return {"id": self.iri, "display": {"zh-CN": self.zh, "en-US": self.en}}


VERBS = {
    "completed": Verb(f"{ADL}/verbs/completed", "完成了", "completed"),
    "passed": Verb(f"{ADL}/verbs/passed", "通过了", "passed"),
    "failed": Verb(f"{ADL}/verbs/failed", "未通过", "failed"),
}
ACTIVITY_TYPES = {
    "course": f"{ADL}/activities/course",
    "lesson": f"{ADL}/activities/lesson",
    "quiz": f"{ADL}/activities/assessment",
}


def statement_id(event: str) -> str:
    """The id of the statement for `event` on this instance (stable forever)."""
    name = f"{current_app.config['LMS_INSTANCE_ID']}/{event}"
    return str(uuid.uuid5(XAPI_NAMESPACE, name))


def _base() -> str:
    return current_app.config["LMS_PUBLIC_URL"]


def actor(person: Person) -> dict:
    account = {"homePage": _base(), "name": person.person_id}
    return {"objectType": "Agent", "account": account}


def _activity(kind: str, path: str, name: str, description: str = "") -> dict:
    definition = {"type": ACTIVITY_TYPES[kind], "name": {"zh-CN": name}}
    if description:
        definition["description"] = {"zh-CN": description}
    iri = f"{_base()}/xapi/activities/{path}"
    return {"objectType": "Activity", "id": iri, "definition": definition}


def course_activity(course: Course) -> dict:
    return _activity("course", f"courses/{course.code}", course.title, course.summary)


def lesson_activity(lesson: Lesson) -> dict:
    path = f"courses/{lesson.course.code}/lessons/{lesson.code}"
    return _activity("lesson", path, lesson.title)


def quiz_activity(lesson: Lesson) -> dict:
    path = f"courses/{lesson.course.code}/lessons/{lesson.code}/quiz"
    return _activity("quiz", path, f"{lesson.title}：测验")


def extension(name: str) -> str:
    return f"{_base()}/xapi/extensions/{name}"


def statement(
    sid: str, person: Person, verb: str, obj: dict, now: datetime, **parts
) -> dict:
    """A complete statement; `parts` adds `result` and `context` as given. The
    timestamp is ours, so a re-send is identical to what the LRS stored."""
    context = {"platform": "骑手课堂", "language": "zh-CN", **parts.pop("context", {})}
    return {
        "id": sid,
        "actor": actor(person),
        "verb": VERBS[verb].as_json(),
        "object": obj,
        **parts,
        "context": context,
        "timestamp": now.astimezone(UTC).isoformat(timespec="milliseconds"),
    }
