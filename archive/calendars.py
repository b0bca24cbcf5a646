"""Month calendars shaded by how many articles each day has."""

import calendar
from dataclasses import dataclass
from datetime import date

# Shades 0-4: none, then quartiles of the busiest day.
SHADES = 4


@dataclass(frozen=True)
class Day:
    day: date | None  # None pads the weeks before the first and after the last day
    count: int = 0
    shade: int = 0


@dataclass(frozen=True)
class Month:
    first: date
    weeks: list
    count: int


def month_calendar(year, month, day_counts, busiest=None):
    """Return the Month of `year`-`month`: weeks of Days, shaded against the busiest day."""
    busiest = busiest or max(day_counts.values(), default=0) or 1
    weeks = [
        [
            Day(day, day_counts.get(day, 0), shade(day_counts.get(day, 0), busiest)) if day.month == month else Day(None)
            for day in week
        ]
        for week in calendar.Calendar().monthdatescalendar(year, month)
    ]
    count = sum(n for day, n in day_counts.items() if (day.year, day.month) == (year, month))
    return Month(date(year, month, 1), weeks, count)


def shade(count, busiest):
    """Return 0 for no articles, else 1-SHADES by the share of the busiest day's count."""
    if not count:
        return 0
    return max(1, min(SHADES, -(-count * SHADES // busiest)))


WEEKDAY_NAMES = [calendar.day_abbr[i] for i in range(7)]
