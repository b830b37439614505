"""The certificate as a phone-sized PNG (Pillow) to save and share in WeChat: the same
words as the PDF, in Noto Sans CJK SC (`LMS_CJK_FONT`, face `LMS_CJK_FONT_FACE`),
with the QR code to the public verification page."""

from __future__ import annotations

import io

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageDraw, ImageFont

from lms.models import Certificate
from lms.services.credits import badges
from lms.services.credits.certificates import completed_on, verify_url
from lms.services.credits.certificates_pdf import qr_png

WIDTH, HEIGHT = 1080, 1440
RED, GREY, INK = (165, 28, 36), (90, 90, 90), (20, 20, 20)
MARGIN = 90


def render_png(cert: Certificate) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, WIDTH - 30, HEIGHT - 30), outline=RED, width=10)
    draw.rectangle((52, 52, WIDTH - 52, HEIGHT - 52), outline=RED, width=3)
    draw.text((WIDTH / 2, 170), _("Certificate of completion"), RED, _font(84), "mm")
    statement = _(
        "%(name)s has finished the course “%(course)s” and earned %(hours)s "
        "credit hours.",
        name=cert.holder_name,
        course=cert.course_title,
        hours=f"{cert.credit_hours:.2f}",
    )
    y = _paragraph(draw, statement, _font(46), INK, 320, line_height=78)
    facts = [
        _("Completed on %(date)s", date=completed_on(cert).isoformat()),
        _("Issued by %(issuer)s", issuer=badges.ISSUER_NAME),
        _("Certificate number %(id)s", id=cert.id),
    ]
    for line in facts:
        y = _paragraph(draw, line, _font(34), GREY, y + 20, line_height=50)
    with Image.open(qr_png(verify_url(cert.id))) as qr:
        code = qr.convert("RGB").resize((360, 360), Image.NEAREST)
    image.paste(code, ((WIDTH - 360) // 2, HEIGHT - 560))
    note = _("Scan the code or open %(url)s to verify.", url=verify_url(cert.id))
    _paragraph(draw, note, _font(28), GREY, HEIGHT - 180, line_height=40)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont:
    config = current_app.config
    path, face = config["LMS_CJK_FONT"], config["LMS_CJK_FONT_FACE"]
    return ImageFont.truetype(path, size, index=face)


def _paragraph(draw, text: str, font, fill, top: float, line_height: int) -> float:
    """Draw `text` centred, wrapped to the card (character by character, as Chinese
    wraps); returns the y below it."""
    lines, line = [], ""
    for char in text:
        if draw.textlength(line + char, font=font) > WIDTH - 2 * MARGIN:
            lines.append(line)
            line = ""
        line += char
    lines.append(line)
    for i, text_line in enumerate(lines):
        y = top + i * line_height
        draw.text((WIDTH / 2, y), text_line, fill, font, "mt")
    return top + len(lines) * line_height
