"""What credits announce (DESIGN.md rule 12): a reversed ledger entry, a certificate
that expires soon (its reminder is due).

Sent inside the reversing transaction; receivers (connected in `lms.subscriptions`)
are called as `receiver(reversal)` with the new reversal entry (or as documented on
the signal), flush, never commit.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

credit_reversed = _signals.signal(
    "credit-reversed", doc="sender: the new reversal entry (negative hours)"
)
certificate_expiring = _signals.signal(
    "certificate-expiring",
    doc="sender: the holder; certificate, days: 60 or 14 (the reminder), now",
)
