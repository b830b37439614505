"""The platform companies members ride for: codes as stored, names as shown."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Extensible as data (DESIGN rule 6): add a platform here, nowhere else.
PLATFORMS = {
    "meituan": _l("Meituan"),
    "eleme": _l("Ele.me"),
    "sf": _l("SF Express City"),
    "dada": _l("Dada"),
    "uu": _l("UU Errands"),
    "didi": _l("DiDi"),
    "shansong": _l("FlashEx"),
    "other": _l("Other platform"),
}


def platform_name(code: str | None) -> str:
    """The platform's name in the reader's language; "" for none. An unknown code
    (an old import) shows as "other platform", never as a raw key."""
    if not code:
        return ""
    return str(PLATFORMS.get(code, PLATFORMS["other"]))


def is_platform(code: str | None) -> bool:
    return code in PLATFORMS


ALIASES = {  # names people type in import files
    "美团": "meituan",
    "饿了么": "eleme",
    "顺丰同城": "sf",
    "达达": "dada",
    "uu跑腿": "uu",
    "滴滴": "didi",
    "滴滴出行": "didi",
    "闪送": "shansong",
    "其他": "other",
    "其他平台": "other",
}


def find_platform(text: str) -> str | None:
    """The platform code for a code or a Chinese name; None if not recognised."""
    text = text.strip().lower()
    return text if text in PLATFORMS else ALIASES.get(text)
