"""Periods as people type them in date filters: '2024', '2024-12' or '2024-12-30'."""

import calendar
import re
from datetime import date

PERIOD = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
# An error quotes this much of what was typed.
SHOWN_CHARS = 40


def parse_period(value):
    """Return (first day, last day) of the period `value` names; raise ValueError if none."""
    match = PERIOD.match(value or "")
    shown = repr(value if len(value or "") <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…")
    if not match:
        raise ValueError(f"{shown} is not a date: write 2024, 2024-12 or 2024-12-30")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day:
            return date(year, month, day), date(year, month, day)
        if month:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        raise ValueError(f"{shown} is not a date in the calendar") from None
