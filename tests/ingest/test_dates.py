"""Publication dates: time zones, days in the future, impossible days and placeholders."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest.dates import PLACEHOLDER_DAYS, is_future, parse_metadata_date
from archive.ingest.html import parse_html
from archive.ingest.text import parse_text
from archive.vocabulary.terms import DateFrom, ReviewReason

STORY = (
    "<p>Thousands of mourners gathered in Kerman on Friday to mark five years since General "
    "Qassem Soleimani was killed in a US drone strike near Baghdad airport.</p>"
    "<p>Police set up checkpoints on every road into the city, and pilgrims were searched at "
    "metal detectors before they could reach the cemetery.</p>"
)
TEXT = (
    "Thousands of mourners gathered in Kerman to mark five years since the strike, officials said."
)


def page(head="", body=""):
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Kerman marks the anniversary</title>'
        f'<meta property="og:site_name" content="Daily Herald">{head}</head>'
        f"<body><article>{body}{STORY}</article></body></html>"
    ).encode()


def published_meta(value):
    return f'<meta property="article:published_time" content="{value}">'


def dated(value, body=""):
    return parse_html(page(published_meta(value), body), "page.html")


@pytest.mark.parametrize(
    "value, day",
    [
        ("2025-01-02T23:30:00-05:00", date(2025, 1, 2)),
        ("2025-01-02T23:30:00-0500", date(2025, 1, 2)),
        ("2025-01-02T00:30:00+14:00", date(2025, 1, 2)),
        ("2025-01-02T23:59:59Z", date(2025, 1, 2)),
        ("2025-01-02 23:30:00 EST", date(2025, 1, 2)),
        ("Thu, 02 Jan 2025 23:30:00 PST", date(2025, 1, 2)),
        ("Thu, 02 Jan 2025 23:30:00 +0530", date(2025, 1, 2)),
        ("January 2, 2025 11:30 PM CET", date(2025, 1, 2)),
        ("20250102", date(2025, 1, 2)),
    ],
)
def test_a_metadata_date_is_the_day_written_in_its_own_time_zone(value, day):
    """A date with an offset or a zone name is the calendar day the publisher wrote, not the UTC day."""
    article = dated(value)
    assert (article.published, article.date_from) == (day, DateFrom.METADATA)
    assert ReviewReason.DATE not in article.review_reasons


@settings(max_examples=200, derandomize=True, deadline=None, database=None)
@given(
    moment=st.datetimes(min_value=datetime(1605, 1, 1), max_value=datetime(2100, 12, 31)),
    minutes=st.integers(-12 * 60, 14 * 60),
    form=st.sampled_from(
        ["%Y-%m-%dT%H:%M:%S{offset}", "%Y-%m-%d %H:%M{offset}", "%a, %d %b %Y %H:%M:%S {compact}"]
    ),
)
def test_any_offset_keeps_the_written_day(moment, minutes, form):
    """Whatever the offset, from -12:00 to +14:00, the day is the one written before it."""
    sign, hours = "-" if minutes < 0 else "+", divmod(abs(minutes), 60)
    offset = f"{sign}{hours[0]:02d}:{hours[1]:02d}"
    value = moment.strftime(form.format(offset=offset, compact=offset.replace(":", "")))
    expected = None if moment.date() in PLACEHOLDER_DAYS else moment.date()
    assert parse_metadata_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2025-02-30",
        "0000-00-00",
        "0000-00-00 00:00:00",
        "2025-13-01",
        "10000-01-01",
        "0001-01-01T00:00:00Z",
        "0001-01-01",
        "9999-12-31",
        "9999-12-31T23:59:59Z",
        "1970-01-01T00:00:00Z",
        "1735862400",
        "1735862400000",
        "-62135596800",
        "2025",
        "January 2025",
        "soon",
        "",
    ],
)
def test_impossible_and_placeholder_dates_give_way_to_the_next_source(value):
    """A day that does not exist, a system's placeholder day or a Unix time is passed over for the next date."""
    article = dated(
        value, body='<time datetime="2025-01-04T08:00:00+03:30" pubdate>4 January</time>'
    )
    assert (article.published, article.date_from) == (date(2025, 1, 4), DateFrom.METADATA)


def test_a_page_with_only_an_impossible_date_is_undated_and_flagged():
    """With no other date, a page dated 2025-02-30 is imported undated, for an editor to date."""
    article = dated("2025-02-30")
    assert (article.published, article.date_from) == (None, "")
    assert ReviewReason.DATE in article.review_reasons


@pytest.mark.parametrize(
    "value, day",
    [
        ("2099-05-01T10:00:00Z", date(2099, 5, 1)),
        ("2100-12-31", date(2100, 12, 31)),
        ((date.today() + timedelta(days=3)).isoformat(), date.today() + timedelta(days=3)),
    ],
)
def test_a_date_in_the_future_is_kept_and_flagged_for_review(value, day):
    """A page that says it was published after today keeps that day, and an editor is asked to check it."""
    article = dated(value)
    assert (article.published, article.date_from) == (day, DateFrom.METADATA)
    assert article.review_reasons == [ReviewReason.DATE] and article.needs_review


def test_today_in_the_earliest_time_zone_is_not_the_future():
    """An article dated the day it already is somewhere (up to UTC+14) is not flagged."""
    kiribati_today = (datetime.now(UTC) + timedelta(hours=14)).date()
    article = dated(kiribati_today.isoformat())
    assert article.published == kiribati_today and article.review_reasons == []


def test_the_future_begins_where_no_time_zone_has_reached():
    """A day is in the future only once it has not yet begun at UTC+14."""
    now = datetime(2025, 1, 2, 9, 59, tzinfo=UTC)  # 23:59 on 2 January at UTC+14
    assert not is_future(date(2025, 1, 2), now)
    assert is_future(date(2025, 1, 3), now)
    assert not is_future(date(2025, 1, 3), now + timedelta(minutes=1))


@pytest.mark.parametrize(
    "header, published, hint",
    [
        ("2099-01-01", date(2099, 1, 1), ""),
        ("0001-01-01", None, "0001-01-01"),
        ("9999-12-31", None, "9999-12-31"),
        ("1970-01-01", None, "1970-01-01"),
        ("1753-01-01", None, "1753-01-01"),
        ("2025-02-30", None, "2025-02-30"),
    ],
)
def test_a_text_files_date_line_follows_the_same_rules(header, published, hint):
    """A text file's date line in the future is kept and flagged; a placeholder or impossible one is only a hint."""
    article = parse_text(f" date {header} {TEXT}\n\n{TEXT}".encode(), "article.txt")
    assert (article.published, article.date_hint) == (published, hint)
    assert ReviewReason.DATE in article.review_reasons


def test_a_future_date_inferred_from_the_text_is_flagged():
    """A weekday date whose year is inferred as next year's, still to come, is kept and flagged."""
    article = parse_text(
        f"{TEXT} The rally on Friday, January 3 follows the 2097 talks.".encode(), "article.txt"
    )
    assert article.published == date(2098, 1, 3) and article.date_from == DateFrom.TEXT
    assert ReviewReason.DATE in article.review_reasons
