"""A new A4 PDF (fpdf2) that writes Chinese: the Noto Sans CJK face the instance is
configured with (`LMS_CJK_FONT`, `LMS_CJK_FONT_FACE`), registered as "cjk"."""

from __future__ import annotations

from flask import current_app
from fpdf import FPDF


def chinese_pdf(orientation: str, title: str) -> FPDF:
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_lang("zh-CN")
    config = current_app.config
    pdf.add_font(
        "cjk",
        fname=config["LMS_CJK_FONT"],
        collection_font_number=config["LMS_CJK_FONT_FACE"],
    )
    return pdf
