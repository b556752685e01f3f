"""Reading the values of a canevas's cells as calamine hands them over (floats, strings, blanks)."""

import math

from ..models import DEFAULT_OUT_OF
from ..services import mark_parse


def cell_text(value: object) -> str:
    """A cell as text people typed: 12.0 read back as 12, runs of spaces as one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def cell_int(value: object) -> int | None:
    if not isinstance(value, int | float | str):
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def cell_whole(value: object) -> int:
    """A whole number the export wrote (an id), as calamine reads it back; ValueError for anything else."""
    if not isinstance(value, int | float | str):
        raise ValueError(f"not a number: {value!r}")
    return int(value)


def grid_at(grid: list[list], row: int, column: int) -> object:
    try:
        return grid[row - 1][column - 1]
    except IndexError:
        return ""


def mark_cents(raw: object, out_of: int = DEFAULT_OUT_OF) -> int | None:
    """A mark cell in hundredths (14,75 → 1475) on a sheet out of `out_of`; blank is None. Raises Invalid as
    `mark_parse`."""
    if raw == "" or raw is None:
        return None
    if type(raw) is float and math.isfinite(raw):  # the common case, without the general parser
        cents = round(raw * 100)
        if 0 <= cents <= out_of * 100 and abs(raw * 100 - cents) < 1e-6:
            return cents
        if raw.is_integer():
            raw = int(raw)  # the reader hands 21 over as 21.0: say it as the teacher typed it
    parsed = mark_parse(raw, out_of=out_of)
    return None if parsed is None else int(parsed * 100)
