"""Cells that a spreadsheet will not run: every CSV and XLSX export writes its values
through `safe_cell`, so a member named `=HYPERLINK(...)` stays text (OWASP's rule on
CSV injection: a cell beginning with = + - @ tab or carriage return gets a leading
apostrophe). Numbers stay numbers: they cannot be formulas."""

from __future__ import annotations

import re
from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value):
    """`value` as a spreadsheet should show it, never as a formula."""
    if (
        isinstance(value, str)
        and value.startswith(TRIGGERS)
        and not NUMBER.match(value)
    ):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


def xlsx_row(sheet, row: Iterable) -> list:
    """A write-only sheet's row: text cells typed as strings (openpyxl would take a
    text beginning with "=" for a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in safe_row(row):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells
