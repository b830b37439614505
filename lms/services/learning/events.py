"""What learning announces (DESIGN.md rule 12): a completed lesson, a completed course.

Sent inside the completing transaction, so what receivers write commits or rolls back
with the completion. Receivers are connected in one place (`lms.subscriptions`); each
is called as `receiver(person, lesson=..., now=...)` (or `course=...`), must flush and
never commit, and must not rely on another domain's receiver having run first (blinker
does not order them).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

lesson_completed = _signals.signal(
    "lesson-completed", doc="sender: the person; lesson, now: what and when"
)
course_completed = _signals.signal(
    "course-completed", doc="sender: the person; course, now: its last lesson's time"
)
