"""The person's record as a readable A4 PDF in Chinese (fpdf2, Noto Sans CJK SC, as
the certificates): profile, lessons, credit entries and certificates, in tables."""

from __future__ import annotations

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from lms.services.pdf import chinese_pdf
from lms.services.union.platforms import platform_name

HEAD = FontFace(emphasis="", fill_color=(230, 236, 245))


def record_pdf(record: dict) -> bytes:
    pdf = chinese_pdf("P", _("My record"))
    pdf.add_page()
    pdf.set_font("cjk", size=18)
    pdf.cell(0, 12, _("My record"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    pdf.cell(0, 6, _("Made on %(at)s", at=record["generated_at"][:16]), new_y="NEXT")
    _section(pdf, _("Profile"), _profile_rows(record["profile"]), (35, 65))
    _section(pdf, _("Lessons"), _lesson_rows(record["lessons"]), (45, 55, 25, 25))
    _section(
        pdf, _("Credit entries"), _credit_rows(record["credits"]), (25, 70, 20, 35)
    )
    _section(pdf, _("Certificates"), _cert_rows(record["certificates"]), (30, 55, 15))
    return bytes(pdf.output())


def _section(pdf: FPDF, title: str, rows: list[tuple], widths: tuple) -> None:
    pdf.ln(4)
    pdf.set_font("cjk", size=13)
    pdf.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    if len(rows) < 2:
        pdf.cell(0, 6, _("None yet."), new_x="LMARGIN", new_y="NEXT")
        return
    with pdf.table(col_widths=widths, headings_style=HEAD, line_height=6) as table:
        for row in rows:
            line = table.row()
            for value in row:
                line.cell("" if value is None else str(value))


def _profile_rows(profile: dict) -> list[tuple]:
    labels = {
        "person_id": _("Person ID"),
        "name": _("Name"),
        "phone": _("Phone number"),
        "platform": _("Platform"),
        "organisation": _("Organisation"),
        "created_at": _("Account created"),
    }
    rows = [(_("Field"), _("Value"))]
    shown = dict(profile, platform=platform_name(profile.get("platform")))
    return rows + [(label, shown.get(key)) for key, label in labels.items()]


def _day(value: str | None) -> str:
    return value[:10] if value else ""


def _lesson_rows(lessons: list[dict]) -> list[tuple]:
    head = [(_("Course"), _("Lesson"), _("Opened"), _("Completed"))]
    return head + [
        (x["course"], x["lesson"], _day(x["first_opened_at"]), _day(x["completed_at"]))
        for x in lessons
    ]


def _credit_rows(credits: list[dict]) -> list[tuple]:
    head = [(_("Earned"), _("Title"), _("Hours"), _("Kind"))]
    return head + [
        (_day(c["earned_at"]), c["title"], c["credit_hours"], _kind(c["kind"]))
        for c in credits
    ]


def _kind(kind: str) -> str:
    names = {"lesson": _("Lesson"), "course": _("Course"), "reversal": _("Reversal")}
    return names.get(kind, kind)


def _cert_rows(certs: list[dict]) -> list[tuple]:
    head = [(_("Certificate"), _("Course"), _("Hours"))]
    return head + [(c["id"], c["course"], c["credit_hours"]) for c in certs]
