"""Raw documents to parsed articles. Pure Python: nothing here imports Django.

for item in read_document(raw, "page.html"):
    ...  # a ParsedArticle, or a Rejection with the reason
"""

from archive.ingest.article import Original, ParsedArticle, Rejected, Rejection
from archive.ingest.detect import detect_format
from archive.ingest.html import parse_html
from archive.ingest.jsonl import read_jsonl
from archive.ingest.text import parse_text
from archive.ingest.warc import read_warc
from archive.vocabulary.terms import Format

__all__ = [
    "Original",
    "ParsedArticle",
    "Rejected",
    "Rejection",
    "read_document",
]


def read_document(raw, name, format="auto"):
    """Yield the articles in one document, and a Rejection for each part that fails.

    `format` is 'auto' (told from the content) or a Format.
    """
    try:
        if format == "auto":
            format = detect_format(raw, name)
        elif format == Format.TEXT and (found := detect_format(raw, name)) != Format.TEXT:
            # Read as text, markup or records would become an article's words.
            raise Rejected(
                f"read as plain text (--format text), but this is a {found.label}: import it "
                f"without --format, or with --format {found.value}"
            )
        if format == Format.WARC:
            yield from read_warc(raw, name)
        elif format == Format.JSONL:
            yield from read_jsonl(raw, name)
        elif format == Format.HTML:
            yield parse_html(raw, name)
        else:
            yield parse_text(raw, name)
    except Rejected as rejected:
        yield Rejection(name, rejected.reason)
