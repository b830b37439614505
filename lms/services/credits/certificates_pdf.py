"""The certificate as a one-page A4 PDF (fpdf2), in Chinese with the Simplified
Chinese face of Noto Sans CJK (`LMS_CJK_FONT`, face `LMS_CJK_FONT_FACE`), with a QR
code to the public verification page. The text is real text (embedded, subset
font with a ToUnicode map), so it can be searched and copied."""

from __future__ import annotations

import io

import segno
from flask_babel import gettext as _
from fpdf import FPDF

from lms.models import Certificate
from lms.services.credits import badges
from lms.services.credits.certificates import completed_on, expires_on, verify_url
from lms.services.pdf import chinese_pdf

RED = (165, 28, 36)
GREY = (90, 90, 90)


def qr_png(url: str) -> io.BytesIO:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    out.seek(0)
    return out


def render_pdf(cert: Certificate) -> bytes:
    pdf = chinese_pdf("L", _("Certificate of completion") + f" {cert.id}")
    pdf.set_author(badges.ISSUER_NAME)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _frame(pdf)
    _body(pdf, cert)
    _footer(pdf, cert)
    return bytes(pdf.output())


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, 269, 182)


def _body(pdf: FPDF, cert: Certificate) -> None:
    pdf.set_text_color(*RED)
    pdf.set_font("cjk", size=36)
    pdf.set_xy(20, 30)
    pdf.cell(257, 18, _("Certificate of completion"), align="C")
    pdf.set_text_color(20, 20, 20)
    pdf.set_font("cjk", size=18)
    pdf.set_xy(40, 66)
    hours = f"{cert.credit_hours:.2f}"
    text = _(
        "%(name)s has finished the course “%(course)s” and earned %(hours)s "
        "credit hours.",
        name=cert.holder_name,
        course=cert.course_title,
        hours=hours,
    )
    pdf.multi_cell(217, 12, text, align="C")


def _footer(pdf: FPDF, cert: Certificate) -> None:
    pdf.set_font("cjk", size=13)
    pdf.set_text_color(*GREY)
    lines = [
        _("Completed on %(date)s", date=completed_on(cert).isoformat()),
        _("Issued by %(issuer)s", issuer=badges.ISSUER_NAME),
        _("Certificate number %(id)s", id=cert.id),
    ]
    if cert.expires_at is not None:
        lines.append(_("Valid until %(date)s", date=expires_on(cert).isoformat()))
    lines += [
        _("Scan the code or open %(url)s to verify.", url=verify_url(cert.id)),
    ]
    pdf.set_xy(30, 140)
    for line in lines:
        pdf.set_x(30)
        pdf.cell(190, 9, line, new_x="LMARGIN", new_y="NEXT")
    pdf.image(qr_png(verify_url(cert.id)), x=232, y=140, w=42, h=42)
