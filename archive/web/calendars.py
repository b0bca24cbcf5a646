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
    # Day numbers, 0 for the padding: the dates around December 9999 are not in Python's calendar.
    weeks = [
        [_day(date(year, month, n), day_counts, busiest) if n else Day(None) for n in week]
        for week in calendar.Calendar().monthdayscalendar(year, month)
    ]
    count = sum(n for day, n in day_counts.items() if (day.year, day.month) == (year, month))
    return Month(date(year, month, 1), weeks, count)


def _day(day, day_counts, busiest):
    count = day_counts.get(day, 0)
    return Day(day, count, shade(count, busiest))


def shade(count, busiest):
    """Return 0 for no articles, else 1-SHADES by the share of the busiest day's count."""
    if not count:
        return 0
    return max(1, min(SHADES, -(-count * SHADES // busiest)))


WEEKDAY_NAMES = [calendar.day_abbr[i] for i in range(7)]
