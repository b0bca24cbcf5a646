"""Telling a document's format from its content (the file name is only a tie-breaker)."""

import json
import re
import zlib

from archive.ingest.article import Rejected
from archive.ingest.encoding import reject_binary
from archive.vocabulary.terms import Format

HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article)\b",
    re.IGNORECASE | re.DOTALL,
)
GZIP_MAGIC = b"\x1f\x8b"


def detect_format(raw, name=""):
    """Return the Format of a document's bytes."""
    if raw.startswith(GZIP_MAGIC):
        if _gunzip_start(raw).startswith(b"WARC/"):
            return Format.WARC
        raise Rejected("a gzip-compressed file that is not a WARC: decompress it first")
    head = raw[:4096].lstrip(b"\xef\xbb\xbf")
    # Before the binary check: an uncompressed WARC holds the images it archived.
    if head.startswith(b"WARC/"):
        return Format.WARC
    reject_binary(raw)
    if HTML_START.match(head):
        return Format.HTML
    if head.lstrip().startswith((b"{", b"[")):
        if _first_line_is_json_object(raw):
            return Format.JSONL
        if _is_json(raw):
            raise Rejected("a JSON document, not JSONL: an export has one article object per line")
    if name.lower().endswith((".html", ".htm", ".xhtml")) and b"<" in head:
        return Format.HTML
    return Format.TEXT


def _gunzip_start(raw):
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw[:4096], 64)
    except zlib.error:
        raise Rejected("a damaged gzip file") from None


def _is_json(raw):
    try:
        json.loads(raw)
    # Nested deeper than Python's recursion limit: JSON all the same.
    except RecursionError:
        return True
    except ValueError:
        return False
    return True


def _first_line_is_json_object(raw):
    first_line = raw.lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first_line), dict)
    except RecursionError:
        return first_line.startswith(b"{")
    except ValueError:
        return False
