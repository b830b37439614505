"""Who reacts to which announcement (DESIGN.md rule 12), in one place: learning
announces completed lessons and courses, credits announce reversals and expiring
certificates, classes announce passed classes and reminders, and the ledger,
certificates, union counters, notifications and xAPI statements react. `create_app`
calls `connect()`, so the web, the CLI and the Huey consumer all react alike."""

from __future__ import annotations

from lms.services.classes import events as class_events
from lms.services.credits import events as credit_events
from lms.services.credits import reactions as credit_reactions
from lms.services.learning import events as learning_events
from lms.services.union import counters as union_counters
from lms.services.union import notifications as union_notifications
from lms.services.xapi import record as xapi

SUBSCRIPTIONS = (
    (learning_events.lesson_completed, credit_reactions.on_lesson_completed),
    (learning_events.lesson_completed, xapi.record_lesson_completed),
    (learning_events.lesson_completed, union_counters.on_lesson_completed),
    (learning_events.course_completed, credit_reactions.on_course_completed),
    (learning_events.course_completed, xapi.record_course_completed),
    (learning_events.course_completed, union_counters.on_course_completed),
    (credit_events.credit_reversed, union_counters.on_credit_reversed),
    (credit_events.certificate_expiring, union_notifications.on_certificate_expiring),
    (class_events.practical_passed, credit_reactions.on_practical_passed),
    (class_events.class_reminder, union_notifications.on_class_reminder),
)


def connect() -> None:
    """Connect every receiver to its signal. Idempotent: blinker keys a receiver by
    its identity, so a second app in the same process (tests, the CLI creating one)
    connects nothing twice."""
    for signal, receiver in SUBSCRIPTIONS:
        signal.connect(receiver, weak=False)
