"""Plain-text articles, in the shapes collected text arrives in (see fixtures/).

- ' date 2024-12-30 ' at the very start: the publication date, followed on the
  same line by a headline or by the article's first sentence;
- a first line that is a headline, followed by a blank line;
- a first line that starts with an agency's name and a colon: the source;
- a last line 'Source » firstpost': the source, not body text;
- short lines without final punctuation between paragraphs: subheadings;
- otherwise a date only in the text ('on Thursday (January 2)').
"""

import re

from archive.ingest.article import Original, ParsedArticle, Rejected
from archive.ingest.body import (
    MIN_ARTICLE_WORDS,
    blocks_from_lines,
    clean_line,
    derive_title,
    ends_like_sentence,
)
from archive.ingest.dates import find_text_date, parse_iso_day, publication_day
from archive.ingest.encoding import decode
from archive.ingest.sources import source_line_name, split_agency_prefix
from archive.vocabulary.body import word_count
from archive.vocabulary.terms import DateFrom, Format

DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
HEADLINE_MAX_CHARS = 250


def parse_text(raw, name):
    """Return the ParsedArticle in a plain-text file's bytes, or raise Rejected."""
    text = decode(raw).replace("\r\n", "\n").replace("\r", "\n")
    lines = [clean_line(line) for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise Rejected("no article text: the file has only white space")

    published, date_from, date_hint = None, "", ""
    header = DATE_HEADER.match(text.lstrip("\ufeff"))
    if header:
        published = publication_day(parse_iso_day(header.group(1)))
        if published:
            date_from = DateFrom.HEADER
        else:
            date_hint = header.group(1)
        lines[0] = clean_line(DATE_HEADER.sub("", lines[0], count=1))

    source = source_line_name(lines[-1]) if len(lines) > 1 else ""
    if source:
        lines.pop()

    agency, lines[0] = split_agency_prefix(lines[0])
    source = source or agency

    title, title_derived = "", False
    body_lines = lines
    if _is_headline(lines):
        title, body_lines = lines[0], lines[1:]
    if not any(body_lines):
        raise Rejected("no article text: only a headline")
    if not title:
        title, title_derived = derive_title(next(line for line in body_lines if line)), True

    blocks = blocks_from_lines(body_lines)
    if (words := word_count(blocks)) < MIN_ARTICLE_WORDS:
        raise Rejected(f"no article text: only {words} words")
    if published is None and not date_hint and (found := find_text_date("\n".join(body_lines))):
        date_hint = found.hint
        if found.published:
            published, date_from = found.published, DateFrom.TEXT

    return ParsedArticle(
        title=title,
        title_derived=title_derived,
        blocks=blocks,
        original=Original(name, raw, Format.TEXT),
        published=published,
        date_from=date_from,
        date_hint=date_hint,
        source=source,
    )


def _is_headline(lines):
    """Tell whether the first line is a headline: no final punctuation, then a blank line."""
    first = lines[0]
    return (
        len(lines) > 1
        and not lines[1]
        and 0 < len(first) <= HEADLINE_MAX_CHARS
        and not ends_like_sentence(first)
    )
