"""Looking a row up from an id in a URL or a JSON body, as every domain does: the id
parsed once, and the messages for what is not there. Imports no service domain, so
any domain may use it without a cycle."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

NO_LESSON = _l("This lesson does not exist.")


def int_id(value: int | str) -> int:
    """The id as a database integer, or -1 (found nowhere) when it is not one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 < number < 2**62 else -1
