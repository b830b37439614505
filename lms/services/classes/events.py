"""What classes announce (DESIGN.md rule 12), sent inside the acting transaction;
receivers are connected in `lms.subscriptions`, flush and never commit."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

practical_passed = _signals.signal(
    "practical-passed",
    doc="sender: the attendee; station_class, now: every skill was checked pass",
)
class_reminder = _signals.signal(
    "class-reminder",
    doc="sender: the person signed up; station_class, hours: 24 or 1, now",
)
