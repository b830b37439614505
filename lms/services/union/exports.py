"""Exports of the dashboards' tables as CSV (with a BOM, so Excel reads Chinese) or
XLSX (openpyxl write-only), streamed: rows come from the database in batches and
never sit in memory all at once. Tables and formats are registries (DESIGN rule 6)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook

from lms.extensions import db
from lms.models import Organisation, Person
from lms.services.accounts import audit
from lms.services.accounts.people import mask_phone
from lms.services.errors import NotFound
from lms.services.union import campaigns, dashboards
from lms.services.union import members as union_members
from lms.services.union.platforms import platform_name
from lms.spreadsheet import safe_row, xlsx_row

BATCH = 2000


@dataclass(frozen=True)
class Table:
    title: object  # a lazy string
    headers: tuple
    rows: Callable[[dashboards.Context], Iterable[tuple]]


MEMBER_HEADERS = (
    _l("Person ID"),
    _l("Name"),
    _l("Phone number"),
    _l("Organisation"),
    _l("Organisation code"),
    _l("Platform"),
    _l("Lessons done"),
    _l("Courses done"),
    _l("Credit hours"),
    _l("Last completion"),
)
SUMMARY_HEADERS = (
    _l("Name"),
    _l("Members"),
    _l("Lessons done"),
    _l("Courses done"),
    _l("Credit hours"),
    _l("Completion rate"),
)


def _members(query_of) -> Callable:
    def rows(ctx):
        result = db.session.execute(query_of(ctx).execution_options(yield_per=BATCH))
        for _pk, pid, name, phone, org, code, platform, les, crs, hrs, last in result:
            yield (
                pid,
                name,
                mask_phone(phone),
                org,
                code,
                platform_name(platform),
                les,
                crs,
                float(hrs),
                last.strftime("%Y-%m-%d %H:%M") if last else "",
            )

    return rows


def _summary(rows_of) -> Callable:
    def rows(ctx):
        for r in rows_of(ctx):
            yield (
                r.label,
                r.members,
                r.lessons_done,
                r.courses_done,
                float(r.credit_hours),
                round(r.rate * 100, 1),
            )

    return rows


TABLES = {
    "members": Table(
        _l("Members"), MEMBER_HEADERS, _members(union_members.member_rows)
    ),
    "behind": Table(
        _l("Members behind"), MEMBER_HEADERS, _members(union_members.behind_rows)
    ),
    "orgs": Table(_l("By organisation"), SUMMARY_HEADERS, _summary(dashboards.by_org)),
    "stations": Table(
        _l("By station"),
        SUMMARY_HEADERS,
        _summary(lambda ctx: dashboards.by_org(ctx, "stations")),
    ),
    "platforms": Table(
        _l("By platform"), SUMMARY_HEADERS, _summary(dashboards.by_platform)
    ),
    "courses": Table(_l("By course"), SUMMARY_HEADERS, _summary(dashboards.by_course)),
    "trend": Table(_l("By month"), SUMMARY_HEADERS, _summary(dashboards.trend)),
}


MEMBER_TABLES = {"members", "behind"}  # lists of people: each export is audited


def table(name: str) -> Table:
    if name not in TABLES:
        raise NotFound()
    return TABLES[name]


def csv_chunks(headers: tuple, rows: Iterable[tuple]) -> Iterator[bytes]:
    """UTF-8 CSV with a byte-order mark, yielded in chunks of about BATCH rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(safe_row(str(h) for h in headers))
    for n, row in enumerate(rows, 1):
        writer.writerow(safe_row(row))
        if n % BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_chunks(headers: tuple, rows: Iterable[tuple], title: str) -> Iterator[bytes]:
    """An XLSX workbook written row by row (write-only mode keeps memory flat), then
    read back from a temporary file in 64 KiB chunks. Text cells are strings, never
    formulas (lms.spreadsheet)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(xlsx_row(sheet, (str(h) for h in headers)))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook.save(path)
        with open(path, "rb") as fh:
            while chunk := fh.read(65536):
                yield chunk
    finally:
        os.unlink(path)


FORMATS = {
    "csv": ("text/csv; charset=utf-8", lambda t, rows: csv_chunks(t.headers, rows)),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda t, rows: xlsx_chunks(t.headers, rows, str(t.title)),
    ),
}


def export(ctx: dashboards.Context, name: str, fmt: str) -> tuple[str, Iterator[bytes]]:
    """(mimetype, chunks) of table `name` in format `fmt`, within `ctx`'s scope."""
    if fmt not in FORMATS:
        raise NotFound()
    mimetype, write = FORMATS[fmt]
    chosen = table(name)
    if name in MEMBER_TABLES:
        audit.record_apart(
            ctx.actor, "member_export", table=name, org=ctx.org.code, fmt=fmt
        )
    return mimetype, write(chosen, chosen.rows(ctx))


CAMPAIGN_HEADERS = (
    _l("Person ID"),
    _l("Name"),
    _l("Phone number"),
    _l("Organisation"),
    _l("Platform"),
    _l("Courses done"),
    _l("Finished"),
)


def export_campaign(actor, campaign, fmt: str) -> tuple[str, Iterator[bytes]]:
    """Every participant of `campaign` the actor may see, finished or not."""
    if fmt not in FORMATS:
        raise NotFound()
    need = len(campaign.courses)

    def rows():
        result = db.session.execute(
            _campaign_query(actor, campaign).execution_options(yield_per=BATCH)
        )
        for pid, name, phone, org, platform, n in result:
            yield (
                pid,
                name,
                mask_phone(phone),
                org or "",
                platform_name(platform),
                f"{n}/{need}",
                _("yes") if n >= need else _("no"),
            )

    mimetype, write = FORMATS[fmt]
    audit.record(
        actor, "member_export", table="campaign", campaign=campaign.id, fmt=fmt
    )
    return mimetype, write(Table(_l("Campaign"), CAMPAIGN_HEADERS, None), rows())


def _campaign_query(actor, campaign):
    query, done = campaigns.with_done(campaigns.participants(actor, campaign), campaign)
    return (
        query.outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .with_only_columns(
            Person.person_id,
            Person.name,
            Person.phone,
            Organisation.name,
            Person.platform,
            done,
        )
        .order_by(Person.name, Person.id)
    )


STATION_HEADERS = (
    _l("Person ID"),
    _l("Name"),
    _l("Phone number"),
    _l("Platform"),
    _l("Course"),
    _l("Lessons left"),
    _l("Next lesson"),
)


def export_station(
    actor, members: list, org: Organisation, fmt: str, reason: str | None
) -> tuple[str, Iterator[bytes]]:
    """The members behind at one station, with full phone numbers for its station
    master to call; the export is written to the staff audit log first."""
    if fmt not in FORMATS:
        raise NotFound()
    ids = [m.person.id for m in members]
    audit.record(actor, "member_export", ids, reason, table="behind", org=org.code)
    rows = [
        (
            m.person.person_id,
            m.person.name,
            m.person.phone or "",
            platform_name(m.person.platform),
            m.next_lesson.course.title if m.next_lesson else "",
            m.left,
            m.next_lesson.title if m.next_lesson else "",
        )
        for m in members
    ]
    mimetype, write = FORMATS[fmt]
    return mimetype, write(Table(_l("Members behind"), STATION_HEADERS, None), rows)


def filename(ctx: dashboards.Context, name: str, fmt: str) -> str:
    return f"{ctx.org.code}-{name}.{fmt}"
