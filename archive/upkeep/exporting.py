"""Writing every article out as JSONL or CSV, in the format the importer reads back."""

import base64
import csv
import json

from archive.models import Article
from archive.vocabulary.terms import EXPORT_FIELDS

# Lists in a CSV cell: subheadings one per line, reasons separated by "; ".
CSV_LIST_SEPARATORS = {"subheadings": "\n", "review_reasons": "; "}


def article_record(article, fields=EXPORT_FIELDS, include_original=False):
    """Return the export record of one article, with `fields` in their order."""
    every_field = {
        "id": article.pk,
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


def csv_record(article, fields=EXPORT_FIELDS):
    """Return the export record of one article with its lists joined for a CSV cell."""
    record = article_record(article, fields)
    for key, separator in CSV_LIST_SEPARATORS.items():
        if key in record:
            record[key] = separator.join(record[key])
    return record


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
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    count = 0
    for count, article in enumerate(articles, start=1):
        writer.writerow(csv_record(article))
    return count
