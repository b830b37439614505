"""The lesson editor's forms: forgiving about how numbers are typed (全角 digits,
"8 分钟", "0.5"), strict about what is stored."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789..")


def _number(text: str) -> Decimal:
    cleaned = re.sub(r"[^0-9.]", "", (text or "").translate(FULLWIDTH))
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_l("Type a number, for example 8 or 0.25.")) from None


def parse_sources(text: str) -> list[dict]:
    """One source a line: `title | https://...` (the address is optional)."""
    sources = []
    for line in (text or "").splitlines():
        title, _, url = line.partition("|")
        if title.strip():
            sources.append({"title": title.strip(), "url": url.strip() or None})
    return sources


class LessonForm(FlaskForm):
    title = StringField(
        _l("Lesson title"),
        validators=[DataRequired(_l("Give the lesson a title.")), Length(max=200)],
    )
    duration_min = StringField(_l("How long it takes (minutes)"))
    credit_hours = StringField(_l("Credit hours"))
    sources_text = TextAreaField(_l("Sources (one a line: title | web address)"))
    guide_md = TextAreaField(_l("Guide (Markdown)"))

    def validate_duration_min(self, field):
        if not 0 < _number(field.data) < 1000:
            raise ValidationError(_l("Type the minutes, for example 8."))

    def validate_credit_hours(self, field):
        value = _number(field.data)
        if value < 0 or value != value.quantize(Decimal("0.01")) or value > 100:
            raise ValidationError(
                _l("Type hours with at most two decimals, e.g. 0.25.")
            )

    def load(self, draft) -> None:
        self.duration_min.data = f"{draft.duration_min:g}"
        self.credit_hours.data = f"{Decimal(draft.credit_hours):.2f}"
        self.sources_text.data = "\n".join(
            f"{s['title']} | {s['url']}" if s.get("url") else s["title"]
            for s in draft.sources or []
        )

    def fields(self) -> dict:
        return {
            "title": self.title.data.strip(),
            "duration_min": float(_number(self.duration_min.data)),
            "credit_hours": _number(self.credit_hours.data),
            "sources": parse_sources(self.sources_text.data),
            "guide_md": (self.guide_md.data or "").replace("\r\n", "\n"),
        }


class QuizForm(FlaskForm):
    format = SelectField(
        _l("Format"),
        choices=[SelectChoice("gift", "GIFT"), SelectChoice("yaml", "YAML")],
    )
    text = TextAreaField(_l("Paste the quiz here"))
