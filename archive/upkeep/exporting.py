"""Writing articles out as JSONL, the format the importer reads back, or CSV for spreadsheets."""

import base64
import csv
import json

from archive.models import Article
from archive.vocabulary.terms import EXPORT_FIELDS

# Lists in a CSV cell: subheadings one per line, reasons separated by "; ".
CSV_LIST_SEPARATORS = {"subheadings": "\n", "review_reasons": "; "}
# What a spreadsheet reads a cell starting with as a formula. Such a text cell gets a
# leading ' so that it is shown as text (OWASP's advice against CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# CSV is written as UTF-8 with a byte-order mark, without which spreadsheets guess a
# legacy encoding and garble accents.
BYTE_ORDER_MARK = "\ufeff"


def article_record(article, fields=EXPORT_FIELDS, include_original=False, site=""):
    """Return the export record of one article, with `fields` in their order; its
    permalink is the article page's address on `site` ('https://archive.example'), or
    the path alone without one."""
    every_field = {
        "id": article.pk,
        "permalink": site + article.get_absolute_url(),
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "date_from": article.date_from,
        "date_hint": article.date_hint,
        "source": article.source.name if article.source else None,
        "author": article.author,
        "url": article.url,
        "language": article.language,
        "body": article.body,
        "subheadings": article.subheadings,
        "needs_review": article.needs_review,
        "review_reasons": article.review_reasons,
        "content_hash": article.content_hash,
        "original_name": article.original_name,
        "original_format": article.original_format,
        "word_count": article.word_count,
        "imported_at": article.imported_at.isoformat(),
    }
    record = {field: every_field[field] for field in fields}
    if include_original and article.original:
        with article.original.open("rb") as f:
            record["original_base64"] = base64.b64encode(f.read()).decode("ascii")
    return record


def csv_record(article, fields=EXPORT_FIELDS, site=""):
    """Return the export record of one article as CSV cells: lists joined, and text a
    spreadsheet would run as a formula made text."""
    record = article_record(article, fields, site=site)
    for key, separator in CSV_LIST_SEPARATORS.items():
        if key in record:
            record[key] = separator.join(record[key])
    return {key: spreadsheet_text(value) for key, value in record.items()}


def spreadsheet_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() returns what it is given, for csv to make lines."""

    def write(self, value):
        return value


def csv_lines(articles, fields=EXPORT_FIELDS, site=""):
    """Yield a CSV export a line at a time: the byte-order mark and a header, then a row
    per article."""
    writer = csv.DictWriter(_Echo(), fieldnames=fields)
    yield BYTE_ORDER_MARK + writer.writeheader()
    for article in articles:
        yield writer.writerow(csv_record(article, fields, site))


def articles_for_export():
    return Article.objects.with_related().order_by("id").iterator(chunk_size=1000)


def write_jsonl(articles, out, include_originals=False):
    """Write one JSON object per line to the text stream `out`; return how many."""
    count = 0
    for count, article in enumerate(articles, start=1):
        record = article_record(article, include_original=include_originals)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return count


def write_csv(articles, out):
    """Write a header row and one row per article to the text stream `out`; return how many."""
    lines = csv_lines(articles)
    out.write(next(lines))
    count = 0
    for count, line in enumerate(lines, start=1):
        out.write(line)
    return count
