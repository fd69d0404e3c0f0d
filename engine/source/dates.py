"""Dates from users: only JJJJ-MM-DD, one parser for every command and for the library.

`date.fromisoformat` also takes ISO week dates (2026-W01-1) and the basic format (20260101);
a typo there silently becomes another day, so both are refused here.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import InputError, Problem

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str, name: str = "peildatum") -> dt.date:
    """The date in `text`, written as JJJJ-MM-DD; InputError (Dutch) for anything else."""
    if not _DAY.fullmatch(text):
        from ..model.strictfields import date_guess  # only for a message

        guess = date_guess(text)
        raise InputError([Problem(f"'{text}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-01", field=name,
                                  suggestion=guess)])
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError([Problem(f"'{text}' bestaat niet als datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-01",
                                  field=name)]) from None
