"""Times on the pages as Dutch readers write them, in Dutch local time: '2 december 2026, 21:53'.

The database keeps UTC; every page shows the same moment the same way (the overview, the advice page and
the history used to differ by an hour: local time in one, UTC in the others)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..accounts import utc

try:
    LOCAL: dt.tzinfo = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # a system without the time zone database (Windows without tzdata): UTC
    LOCAL = dt.UTC
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def when(moment: dt.datetime) -> str:
    """A stored time in Dutch local time: '2 december 2026, 12:53' (UTC when the zone database is missing)."""
    local = utc(moment).astimezone(LOCAL)
    shown = f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"
    return shown if LOCAL is not dt.UTC else shown + " (UTC)"
