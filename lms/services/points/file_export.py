"""File export of the ledger (`flask credits export`): the contract's fields, one
entry a row, streamed in `seq` order. Formats are a registry: CSV (UTF-8 with BOM,
for Excel) and JSON Lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms.extensions import db
from lms.models import CreditEntry

FIELDS = (
    "id",
    "seq",
    "person_id",
    "kind",
    "reverses",
    "credit_hours",
    "course_code",
    "lesson_code",
    "title",
    "earned_at",
    "org_code",
)
CHUNK = 1000


def entries_earned(since: date, until: date | None, tz: str) -> Iterator[CreditEntry]:
    """Entries earned from `since` to `until` (both whole local days, inclusive),
    read in chunks so the whole ledger is never in memory."""
    zone = ZoneInfo(tz)
    query = select(CreditEntry).where(
        CreditEntry.earned_at >= datetime.combine(since, time(), zone)
    )
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time(), zone)
        query = query.where(CreditEntry.earned_at < end)
    query = query.order_by(CreditEntry.seq).execution_options(yield_per=CHUNK)
    for entry in db.session.scalars(query):
        yield entry
        db.session.expunge(entry)


def write_csv(entries: Iterator[CreditEntry], out: TextIO) -> int:
    out.write("\ufeff")
    writer = csv.DictWriter(out, FIELDS, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for entry in entries:
        writer.writerow(entry.as_contract())
        count += 1
    return count


def write_jsonl(entries: Iterator[CreditEntry], out: TextIO) -> int:
    count = 0
    for entry in entries:
        out.write(json.dumps(entry.as_contract(), ensure_ascii=False) + "\n")
        count += 1
    return count


FORMATS: dict[str, Callable[[Iterator[CreditEntry], TextIO], int]] = {
    "csv": write_csv,
    "jsonl": write_jsonl,
}


def export(fmt: str, since: date, until: date | None, tz: str, out: TextIO) -> int:
    """Write the entries in `fmt` to `out`; returns how many."""
    return FORMATS[fmt](entries_earned(since, until, tz), out)
