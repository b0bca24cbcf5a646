"""The plain-text format: every seed file parses to what seed_expectations.json says."""

import json
from datetime import date

import pytest

from archive.ingest import Rejected
from archive.ingest.text import parse_text
from tests.helpers import DATA, FIXTURES

EXPECTATIONS = json.loads((DATA / "seed_expectations.json").read_text())
SEEDS = sorted(name for name in EXPECTATIONS if not name.startswith("_"))


def parse(text, name="article.txt"):
    return parse_text(text.encode("utf-8"), name)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_parses_as_expected(name):
    """Each seed file gives the title, date, source, subheadings and body it must."""
    expected = EXPECTATIONS[name]
    article = parse_text((FIXTURES / name).read_bytes(), name)
    body = [block.text for block in article.blocks]

    if "title" in expected:
        assert article.title == expected["title"]
        assert not article.title_derived
    else:
        assert article.title_derived
        assert 0 < len(article.title) <= 120
        assert body[0].startswith(article.title.rstrip("…"))
    assert article.published == (
        date.fromisoformat(expected["published"]) if expected["published"] else None
    )
    assert article.date_from == expected.get("date_from", "")
    if "date_hint" in expected:
        assert article.date_hint == expected["date_hint"]
    assert (article.source or None) == expected["source"]
    assert article.subheadings == expected["subheadings"]
    assert body[0].startswith(expected["body_starts"])
    assert body[-1].endswith(expected["body_ends"])
    for text in expected["not_in_body"]:
        assert all(text not in block for block in body)
    assert article.needs_review == expected["review"]
    assert set(expected["review_reasons"]) <= set(article.review_reasons)


def test_headline_then_blank_line_is_the_title():
    """A first line without final punctuation, followed by a blank line, is the headline."""
    article = parse(
        "Ceasefire holds in the south\n\nThe ceasefire held for a third day on Monday, officials said.\n"
    )
    assert article.title == "Ceasefire holds in the south"
    assert [block.text for block in article.blocks] == [
        "The ceasefire held for a third day on Monday, officials said."
    ]


def test_first_sentence_becomes_a_short_title_flagged_for_review():
    """Without a headline, the title is the first sentence, cut to 120 characters at a word."""
    sentence = (
        "Officials in the northern province said on Monday that " + "heavy rain " * 20 + "fell."
    )
    article = parse(sentence + "\n\nMore rain followed.")
    assert article.title_derived and "title" in article.review_reasons
    assert len(article.title) <= 120 and article.title.endswith("…")
    assert article.title.startswith("Officials in the northern province said on Monday")
    assert article.blocks[0].text == sentence


def test_date_header_with_an_impossible_day_keeps_it_as_a_hint():
    """' date 2024-02-30 ' is no day: the article stays undated, the hint is kept."""
    article = parse(
        " date 2024-02-30 Markets closed early on Friday.\n\nTraders left the floor before the last bell rang."
    )
    assert article.published is None
    assert article.date_hint == "2024-02-30"
    assert "date" in article.review_reasons


def test_weekday_date_takes_a_year_only_when_one_fits():
    """'Friday, January 3' gets a year when one near the years mentioned fits, else none."""
    text = "Crowds gathered on Friday, January 3 in the capital, as they have since {}.\n\nThe rally ended at noon."
    # 3 January was a Friday in 2025, not in 2024; nothing near 2022-2023 fits.
    assert parse(text.format(2024)).published == date(2025, 1, 3)
    assert parse(text.format(2022)).published is None
    undated = parse(text.format("the war"))
    assert undated.published is None and undated.date_hint == "Friday, January 3"


def test_source_line_at_the_end_is_the_source_and_not_body():
    """A closing 'Source: Reuters' line names the outlet and leaves the body."""
    article = parse(
        "Talks resume\n\nNegotiators met again in Vienna on Monday for a third round.\n\nSource: Reuters"
    )
    assert article.source == "Reuters"
    assert [block.text for block in article.blocks] == [
        "Negotiators met again in Vienna on Monday for a third round."
    ]


def test_windows_line_endings_bom_and_cp1252_are_read():
    """CRLF line endings, a UTF-8 BOM and Windows-1252 curly quotes all come out as text."""
    text = (
        "Talks resume\n\nNegotiators \u201cmet\u201d again in Vienna on Monday for a third round.\n"
    )
    crlf = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    assert parse_text(crlf, "a.txt").title == "Talks resume"
    cp1252 = parse_text(text.encode("cp1252"), "b.txt")
    assert (
        cp1252.blocks[0].text
        == "Negotiators \u201cmet\u201d again in Vienna on Monday for a third round."
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\n \t\n", "the file is empty"),
        (b"%PDF-1.7\n...", "this is a PDF document"),
        (b"\x00\x01\x02binary\x00", "binary data"),
        (b"Only a headline\n\n", "no article text"),
        (b"Gunfire heard overnight.", "no article text"),
    ],
)
def test_unusable_files_are_rejected_with_a_reason(raw, reason):
    """Empty, binary and headline-only files are rejected, saying why."""
    with pytest.raises(Rejected) as rejected:
        parse_text(raw, "bad.txt")
    assert rejected.value.reason.startswith(reason)
