"""Finding publication dates: header lines, metadata values, and weekday hints in text."""

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dateutil import parser as date_parser

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}

_MONTHS = "|".join(calendar.month_name[1:])
_WEEKDAYS = "|".join(calendar.day_name)
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
# "Saturday, December 26", "Thursday (January 2)", "Monday, 6 January", "Friday 3rd of May"
WEEKDAY_DATE = re.compile(
    rf"\b(?P<weekday>{_WEEKDAYS})\s*[,(]?\s*"
    rf"(?:(?P<month>{_MONTHS})\.?\s+(?P<day>{_DAY})|(?P<day_first>{_DAY})\s+(?:of\s+)?(?P<month_after>{_MONTHS}))"
    rf"\b\)?"
)
# A year on its own: not part of a longer number, a decimal or a written-out date.
YEAR = re.compile(r"(?<!\d)(?<!\d[/.-])(19[5-9]\d|20\d\d)(?!\d)(?![/.-]\d)")
# How many years after the latest year a text mentions its publication may lie.
YEARS_AFTER_LATEST_MENTION = 1
# Days outside these years are the placeholders of systems that had no date (0001-01-01
# is the zero date of .NET and Go, 9999-12-31 the last date of databases), not days an
# article was published: the first printed newspaper appeared in 1605. Years between
# them, in the future too, are kept as written.
EARLIEST_YEAR, LATEST_YEAR = 1605, 2100
# Days that systems write when a date field is empty: SQL Server's first day, the
# first day of spreadsheets, and Unix time zero.
PLACEHOLDER_DAYS = {date(1753, 1, 1), date(1900, 1, 1), date(1970, 1, 1)}
# The earliest time zone: a day that has not begun at UTC+14 has begun nowhere.
EARLIEST_UTC_OFFSET = timedelta(hours=14)


@dataclass(frozen=True)
class TextDate:
    """A date hinted at in an article's text, with the year if it could be inferred."""

    hint: str
    published: date | None


def parse_iso_day(value):
    """Return the date for 'YYYY-MM-DD', or None when it is no real day."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def publication_day(day):
    """Return `day` if an article can have been published on it, else None (a placeholder)."""
    if day is None or day in PLACEHOLDER_DAYS or not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        return None
    return day


def is_future(day, now=None):
    """Tell whether `day` has not begun yet anywhere on Earth."""
    now = now or datetime.now(UTC)
    return day > (now + EARLIEST_UTC_OFFSET).date()


def parse_metadata_date(value):
    """Return the publication day of a metadata value such as '2024-12-30T08:15:00+03:30'.

    The day is the one the publisher wrote, in the publisher's own time zone. A value
    that lacks the year, month or day, that dateutil cannot read, or that is a
    placeholder (publication_day) gives None. Bare numbers (Unix times) give None too:
    they name an instant, not the publisher's day.
    """
    value = (value or "").strip()[:100]
    if day := parse_iso_day(value[:10]):
        return publication_day(day)
    if value.isdigit() and len(value) != 8:  # 20250103 is a day; 1735862400 is a Unix time
        return None
    try:
        # Parsed twice with different defaults: a part filled in from a default
        # differs between the two, and a date with a missing part is no date. The
        # zone is ignored: the day is the one written, and names like EST are ambiguous.
        first, second = (date_parser.parse(value, default=d, ignoretz=True) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    return publication_day(first.date()) if first.date() == second.date() else None


_DEFAULTS = (datetime(1904, 1, 1), datetime(1905, 2, 2))


def find_text_date(text):
    """Return the first weekday-and-day phrase in `text`, with its year if one fits.

    A year is inferred only when exactly one candidate year fits the weekday. The
    candidates are the latest year the text mentions and the year after it: an
    article is written after the events it mentions, and soon after.
    """
    match = WEEKDAY_DATE.search(text)
    if not match:
        return None
    hint = match.group(0).strip()
    if hint.endswith(")") and "(" not in hint:
        hint = hint[:-1]
    month = MONTHS[(match.group("month") or match.group("month_after")).lower()]
    day = int(re.match(r"\d+", match.group("day") or match.group("day_first")).group())
    weekday = WEEKDAYS[match.group("weekday").lower()]
    years = [int(year) for year in YEAR.findall(text)]
    if not years:
        return TextDate(hint, None)
    latest = max(years)
    fitting = []
    for year in range(latest, latest + YEARS_AFTER_LATEST_MENTION + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate.weekday() == weekday:
            fitting.append(candidate)
    return TextDate(hint, fitting[0] if len(fitting) == 1 else None)
