"""Raw Whoosh on the archive's own articles: the baseline `make bench` holds ours against.

    ARCHIVE_DATA_DIR=var/bench .venv/bin/python scripts/bench_whoosh.py --queries QUERIES.json

What it measures, with Whoosh alone (no Django views, no Haystack query path):

- Indexing: every Article row, read with plain SQL, made into the same field values
  the archive indexes (text = title and paragraphs, names, title, source, year,
  month, published, ...) and written with the archive's Whoosh schema into a
  temporary directory by Whoosh's fastest writer: one process per core, one segment
  each, 256 MB of memory each. Timed from the first row read to the commit's end.
- Searching: each query of QUERIES.json (written by scripts/bench.py: query types,
  each a list of {"q", and optionally "from", "to", "source"}) parsed with Whoosh's
  QueryParser on the `text` field (all words must match), a date range as a
  DateRange on `published`, a source as a Term on `source_slug`. Each is timed from
  parsing to the top 20 results plus the total count (`searcher.search(q, limit=20)`
  then `len(results)`), with one searcher opened once for all of them.

Prints a JSON object of the figures on standard output; progress goes to standard error.
"""

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WRITER_OPTIONS = {"procs": os.cpu_count() or 1, "multisegment": True, "limitmb": 256}
TOP = 20


def percentile(values, share):
    """Return the nearest-rank percentile of `values` (share 0.5 is the median), or None."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def log(message):
    print(message, file=sys.stderr, flush=True)


def setup_django():
    """Load the archive's settings (ARCHIVE_DATA_DIR names the archive) and apps."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.project.settings")
    import django

    from archive.project.environment import prepare_data_dir

    prepare_data_dir(ROOT)
    django.setup()


def archive_schema():
    """Return the Whoosh schema the archive's index uses."""
    from haystack import connections

    backend = connections["default"].get_backend()
    fields = connections["default"].get_unified_index().all_searchfields()
    return backend.build_schema(fields)[1]


def article_rows():
    """Yield every article as a dict of its columns and its source's, read with plain SQL."""
    from django.db import connection

    from archive.models import Article, Source

    sql = (
        "SELECT a.id, a.title, a.body, a.author, a.published, a.language, a.needs_review, "
        f"s.name, s.slug FROM {Article._meta.db_table} a "
        f"LEFT JOIN {Source._meta.db_table} s ON s.id = a.source_id ORDER BY a.id"
    )
    columns = [
        "id",
        "title",
        "body",
        "author",
        "published",
        "language",
        "needs_review",
        "source",
        "source_slug",
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(2000):
            for row in rows:
                yield dict(zip(columns, row))


def as_date(value):
    """Return a DATE column's value (a date, or an ISO string on SQLite) as a datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.strptime(value[:10], "%Y-%m-%d")
    return datetime(value.year, value.month, value.day)


def document(row):
    """Return the fields the archive's index holds for one article row."""
    from archive.vocabulary.body import blocks_from_body

    # As templates/search/indexes/archive/article_text.txt writes it.
    blocks = blocks_from_body(row["body"])
    text = row["title"] + "\n" + "".join(block.text + "\n" for block in blocks)
    published = as_date(row["published"])
    fields = {
        "id": f"archive.article.{row['id']}",
        "django_ct": "archive.article",
        "django_id": str(row["id"]),
        "text": text,
        "names": text,
        "title": row["title"],
        "source": row["source"],
        "source_name": row["source"],
        "source_slug": row["source_slug"],
        "author": row["author"],
        "published": published,
        "year": str(published.year) if published else None,
        "month": f"{published:%Y-%m}" if published else None,
        "language": row["language"],
        # As Haystack writes a BooleanField.
        "needs_review": "true" if row["needs_review"] else "false",
    }
    return {name: value for name, value in fields.items() if value is not None}


def build_index(directory, schema):
    """Index every article into `directory`; return (articles, seconds)."""
    from whoosh import index

    ix = index.create_in(directory, schema)
    started = time.perf_counter()
    count = 0
    writer = ix.writer(**WRITER_OPTIONS)
    for row in article_rows():
        writer.add_document(**document(row))
        count += 1
        if count % 10_000 == 0:
            log(f"  raw Whoosh: {count} articles given to the writer")
    log("  raw Whoosh: committing")
    writer.commit()
    return ix, count, time.perf_counter() - started


def whoosh_query(spec, schema):
    """Return the Whoosh query for one query spec: its words on `text`, and its filters."""
    from whoosh.qparser import QueryParser
    from whoosh.query import And, DateRange, Term

    from archive.search.periods import parse_period

    parts = [QueryParser("text", schema).parse(spec["q"])]
    if spec.get("from") or spec.get("to"):
        start = parse_period(spec["from"])[0] if spec.get("from") else None
        end = parse_period(spec["to"])[1] if spec.get("to") else None
        parts.append(
            DateRange(
                "published",
                datetime(start.year, start.month, start.day) if start else None,
                datetime(end.year, end.month, end.day, 23, 59, 59) if end else None,
            )
        )
    if spec.get("source"):
        parts.append(Term("source_slug", spec["source"]))
    return parts[0] if len(parts) == 1 else And(parts)


def time_queries(ix, query_types, warmups):
    """Return, per query type, the p50/p95 milliseconds and hit counts of its queries."""
    figures = {}
    with ix.searcher() as searcher:
        for spec in warmups:
            len(searcher.search(whoosh_query(spec, ix.schema), limit=TOP))
        timings = {name: [] for name in query_types}
        hits = {name: [] for name in query_types}
        # Round robin over the types, as bench.py asks the web server.
        for i in range(max(len(specs) for specs in query_types.values())):
            for name, specs in query_types.items():
                if i >= len(specs):
                    continue
                started = time.perf_counter()
                results = searcher.search(whoosh_query(specs[i], ix.schema), limit=TOP)
                total = len(results)
                timings[name].append((time.perf_counter() - started) * 1000)
                hits[name].append(total)
        for name in query_types:
            figures[name] = {
                "p50_ms": percentile(timings[name], 0.5),
                "p95_ms": percentile(timings[name], 0.95),
                "timings_ms": timings[name],
                "hits": hits[name],
            }
        everything = [t for name in query_types for t in timings[name]]
        figures["all search"] = {
            "p50_ms": percentile(everything, 0.5),
            "p95_ms": percentile(everything, 0.95),
        }
    return figures


def directory_mb(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--queries", required=True, help="JSON file of queries (see scripts/bench.py)."
    )
    args = parser.parse_args()
    spec = json.loads(Path(args.queries).read_text())

    setup_django()
    directory = tempfile.mkdtemp(prefix="bench-whoosh-")
    try:
        log(f"  raw Whoosh: indexing into {directory} with {WRITER_OPTIONS}")
        ix, count, seconds = build_index(directory, archive_schema())
        log(f"  raw Whoosh: {count} articles in {seconds:.1f} s; searching")
        figures = {
            "articles": count,
            "index_seconds": seconds,
            "articles_per_second": count / seconds if seconds else None,
            "index_mb": directory_mb(directory),
            "writer": WRITER_OPTIONS,
            "queries": time_queries(ix, spec["types"], spec.get("warmups", [])),
        }
        ix.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    json.dump(figures, sys.stdout)
    print()


if __name__ == "__main__":
    main()
