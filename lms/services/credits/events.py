"""What credits announce (DESIGN.md rule 12): a reversed ledger entry.

Sent inside the reversing transaction; receivers (connected in `lms.subscriptions`)
are called as `receiver(reversal)` with the new reversal entry, flush, never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

credit_reversed = _signals.signal(
    "credit-reversed", doc="sender: the new reversal entry (negative hours)"
)
