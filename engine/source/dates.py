"""Dates from users: only JJJJ-MM-DD, one parser for every command and for the library.

`date.fromisoformat` also takes ISO week dates (2026-W01-1) and the basic format (20260101);
a typo there silently becomes another day, so both are refused here.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import InputError, Problem

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LOOSE = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})", re.ASCII)


def parse_day(text: str, name: str = "peildatum") -> dt.date:
    """The date in `text`, written as JJJJ-MM-DD; InputError (Dutch) for anything else."""
    if not _DAY.fullmatch(text):
        guess = date_guess(text)
        raise InputError([Problem(f"'{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-01", field=name,
                                  suggestion=guess)])
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError([Problem(f"'{text}' bestaat niet als datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-01",
                                  field=name)]) from None


def date_guess(value: str) -> str | None:
    """JJJJ-MM-DD for a date written loosely: 2026-1-5, 5-1-2026, 05/01/2026 (Dutch order), or with a time."""
    timed = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[Tt ].*", value.strip(), re.ASCII | re.S)
    if timed:
        return date_guess(timed.group(1))
    match = _LOOSE.fullmatch(value.strip())
    if match is None:
        return None
    a, b, c = match.groups()
    year, month, day = (int(a), int(b), int(c)) if len(a) == 4 else (int(c), int(b), int(a)) if len(c) == 4 else (0, 0, 0)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
