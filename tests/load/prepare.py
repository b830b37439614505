"""Prepare the stack for `make load`: N worker accounts with API tokens (written to a
JSON file for Locust), and a video length on every lesson that has none, so heartbeats
cover media time and complete lessons as a real lesson's would.

Run with the stack's environment: `deploy/stack.sh python -m tests.load.prepare N OUT`.
"""

from __future__ import annotations

import json
import sys

from sqlalchemy import select

from lms import create_app
from lms.extensions import db
from lms.models import Lesson, Person, Role
from lms.services.accounts.auth import issue_token
from lms.services.accounts.people import ensure_person

LESSON_SECONDS = 60.0  # four heartbeats of 15 s watch a lesson whole


def workers(count: int) -> list[str]:
    have = {
        p.person_id: p
        for p in db.session.scalars(
            select(Person).where(Person.person_id.like("load-%"))
        )
    }
    tokens = []
    for n in range(count):
        person_id = f"load-{n:05d}"
        person = have.get(person_id)
        if person is None:
            person, _ = ensure_person(
                person_id, name=f"压测{n}", phone=f"170{n:08d}", roles=(Role.WORKER,)
            )
        tokens.append(issue_token(person, 2)[0])
    return tokens


def main(count: int, out: str) -> None:
    app = create_app()
    with app.app_context():
        lessons = db.session.scalars(select(Lesson)).all()
        for lesson in lessons:
            lesson.video_duration_s = lesson.video_duration_s or LESSON_SECONDS
        tokens = workers(count)
        db.session.commit()
    with open(out, "w") as handle:
        json.dump({"tokens": tokens}, handle)
    print(f"prepared {len(tokens)} workers, {len(lessons)} lessons")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
