"""Bulk member import from CSV or XLSX: read the rows, check each against the
database and the actor's scope (a dry run that changes nothing), then apply a file
without errors in one go. Existing people are updated or moved, never duplicated."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook
from sqlalchemy import or_, select

from lms.extensions import db
from lms.models import Organisation, Person, Role
from lms.services.accounts import audit
from lms.services.accounts.people import ensure_person
from lms.services.errors import Invalid
from lms.services.union import members as union_members
from lms.services.union import reach as union_scope
from lms.services.union.platforms import find_platform
from lms.services.union.scope import people_in_scope

MAX_ROWS = 50_000
COLUMNS = {  # header as written in the file -> field
    "人员编号": "person_id",
    "person_id": "person_id",
    "姓名": "name",
    "name": "name",
    "手机号": "phone",
    "手机号码": "phone",
    "phone": "phone",
    "组织编码": "org_code",
    "org_code": "org_code",
    "平台": "platform",
    "platform": "platform",
}
FIELD_LABELS = {
    "person_id": "人员编号",
    "name": "姓名",
    "phone": "手机号",
    "org_code": "组织编码",
    "platform": "平台",
}  # the file's own column names
PHONE = re.compile(r"^1[3-9]\d{9}$")
PERSON_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass
class ImportRow:
    line: int
    values: dict
    errors: list = field(default_factory=list)  # (field, message)
    action: str = ""  # create | update | move | unchanged
    person: Person | None = None
    org: Organisation | None = None
    platform: str | None = None
    held: bool = False  # names someone outside the actor's area: not applied


@dataclass
class Preview:
    rows: list[ImportRow]

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.errors)


def read_rows(filename: str, data: bytes) -> list[dict]:
    """The data rows as {field: text} (header names in Chinese or English). Rows are
    read one at a time and the row cap applies while reading: a file of a million
    rows stops at the first row past it."""
    table = _table(filename, data)
    try:
        first = next(table, None)
        if first is None:
            raise Invalid(_l("The file is empty."))
        header = [COLUMNS.get(h.strip().lower(), COLUMNS.get(h.strip())) for h in first]
        if {"person_id", "name", "phone", "org_code"} - set(header):
            raise Invalid(
                _l(
                    "The first row must name the columns: 人员编号, 姓名, 手机号, 组织编码, 平台."
                )
            )
        return _records(header, table)
    except (csv.Error, OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        raise _unreadable() from None


def _records(header: list, table: Iterator[list[str]]) -> list[dict]:
    records = []
    for n, row in enumerate(table, start=1):
        if n > MAX_ROWS:
            raise Invalid(_l("At most %(n)s rows per file.", n=MAX_ROWS))
        if any((c or "").strip() for c in row):
            records.append(
                {f: (c or "").strip() for f, c in zip(header, row, strict=False) if f}
            )
    return records


def _table(filename: str, data: bytes) -> Iterator[list[str]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = book.active
            sheet.reset_dimensions()  # read every row, whatever the file claims
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise _unreadable() from None
        rows = sheet.iter_rows(values_only=True)
        return ([("" if v is None else str(v)) for v in row] for row in rows)
    if name.endswith(".csv"):
        text = _decode(data)
        if "\0" in text:
            raise _unreadable()
        return csv.reader(io.StringIO(text))
    raise Invalid(_l("Upload a .csv or .xlsx file."))


def _unreadable() -> Invalid:
    return Invalid(
        _l(
            "This file cannot be read as a member list. Save it again from Excel as "
            ".xlsx or as CSV (UTF-8) and upload it again."
        ),
        code="unreadable_file",
    )


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), or GB18030 as saved by Excel on Chinese Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise _unreadable() from None


def preview(actor: Person, records: list[dict]) -> Preview:
    """Check every row; nothing is written."""
    rows = [ImportRow(n, rec) for n, rec in enumerate(records, start=2)]
    lookup = Lookup(actor, records)
    seen: dict[str, dict] = {"person_id": {}, "phone": {}}
    for row in rows:
        _check_fields(lookup, row)
        for key in seen:
            value = row.values.get(key)
            if value and value in seen[key]:
                row.errors.append((key, _l("Also in line %(n)s.", n=seen[key][value])))
            seen[key].setdefault(value, row.line)
        if not row.errors:
            _check_person(lookup, row)
    return Preview(rows)


class Lookup:
    """What the checks need from the database, read in a few queries per file: the
    actor's organisations by code, and the people the file names (by id and phone),
    with those the actor may see marked through the scoping helper."""

    def __init__(self, actor: Person, records: list[dict]):
        self.orgs = {o.code: o for o in union_scope.scoped_org_choices(actor)}
        self.by_id, self.by_phone, self.visible = {}, {}, set()
        ids = [r.get("person_id", "") for r in records]
        phones = [r.get("phone", "") for r in records]
        for start in range(0, len(records), 500):
            chunk = select(Person).where(
                or_(
                    Person.person_id.in_(ids[start : start + 500]),
                    Person.phone.in_(phones[start : start + 500]),
                )
            )
            for person in db.session.scalars(chunk):
                self.by_id[person.person_id] = person
                if person.phone:
                    self.by_phone[person.phone] = person
            self.visible.update(
                db.session.scalars(
                    people_in_scope(actor, chunk.with_only_columns(Person.id))
                )
            )


def _check_fields(lookup: Lookup, row: ImportRow) -> None:
    v = row.values
    if not PERSON_ID.match(v.get("person_id", "")):
        row.errors.append(
            ("person_id", _l("Person ID must be 1-64 letters, digits, - or _."))
        )
    if not v.get("name") or len(v["name"]) > 100:
        row.errors.append(("name", _l("Name is missing or too long.")))
    if not PHONE.match(v.get("phone", "")):
        row.errors.append(
            ("phone", _l("Phone number must be 11 digits starting with 1."))
        )
    row.org = lookup.orgs.get(v.get("org_code", ""))
    if row.org is None:
        row.errors.append(
            ("org_code", _l("No organisation with this code in your area."))
        )
    text = v.get("platform", "")
    row.platform = find_platform(text) if text else None
    if text and row.platform is None:
        row.errors.append(("platform", _l("Unknown platform.")))


def _check_person(lookup: Lookup, row: ImportRow) -> None:
    """The row's action. People outside the actor's area are answered as unknown
    (the preview must not tell whether a phone or id exists elsewhere): such a row
    reads "create", and `apply` holds it back. Staff accounts are never changed."""
    v = row.values
    person, owner = lookup.by_id.get(v["person_id"]), lookup.by_phone.get(v["phone"])
    if (person and person.id not in lookup.visible) or (
        owner and owner.id not in lookup.visible
    ):
        row.action, row.held = "create", True
        return
    if any(p is not None and p.roles - {Role.WORKER} for p in (person, owner)):
        row.errors.append(
            ("person_id", _l("This is a staff account: an import never changes it."))
        )
        return
    if owner is not None and owner is not person:
        row.errors.append(("phone", _l("This phone number belongs to someone else.")))
        return
    row.person = person
    if person is None:
        row.action = "create"
    elif (person.organisation_id, person.platform) != (row.org.id, row.platform):
        row.action = "move"
    elif (person.name, person.phone) != (v["name"], v["phone"]):
        row.action = "update"
    else:
        row.action = "unchanged"


def apply(actor: Person, checked: Preview, now: datetime) -> dict[str, int]:
    """Write a checked file; refused whole if any row has an error."""
    if checked.has_errors:
        raise Invalid(_l("Fix the errors in the file first; nothing was imported."))
    for row in checked.rows:
        v = row.values
        if row.held:
            continue
        if row.action == "create":
            ensure_person(
                v["person_id"],
                name=v["name"],
                phone=v["phone"],
                roles=(Role.WORKER,),
                organisation=row.org,
                platform=row.platform,
            )
            continue
        if row.action == "move":
            union_members.move_member(actor, row.person, row.org, row.platform, now)
        row.person.name, row.person.phone = v["name"], v["phone"]
    db.session.flush()
    counts = {a: checked.count(a) for a in ("create", "update", "move", "unchanged")}
    counts["held"] = sum(1 for r in checked.rows if r.held and not r.errors)
    counts["create"] -= counts["held"]
    audit.record(
        actor,
        "member_import",
        [r.person.id for r in checked.rows if r.person],
        **counts,
    )
    return counts
