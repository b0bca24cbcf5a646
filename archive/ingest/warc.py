"""WARC web-archive files: each archived HTML page is one article.

Every `response` record holding an HTML page fetched with a 2xx status is parsed
as a saved web page, with the record's target URI as the article's URL. Requests,
metadata, images, stylesheets and redirects are passed over. A file that is cut
off or damaged gives the articles read before the damage, then says where it broke.
"""

import io
import re
import zlib
from dataclasses import dataclass, replace

from warcio.archiveiterator import ArchiveIterator

from archive.ingest.article import Original, Rejected, Rejection
from archive.ingest.detect import GZIP_MAGIC
from archive.ingest.html import parse_html
from archive.vocabulary.terms import Format

HTML_TYPES = {"text/html", "application/xhtml+xml"}
# No page of one article is larger (it is the importer's limit for a whole file); a
# small gzip-compressed record can hold gigabytes, which are never read whole.
MAX_PAGE_BYTES = 20_000_000
# A gzipped WARC of the importer's 20 MB holds a few hundred MB of web pages at most;
# far more is a decompression bomb, which would take minutes and gigabytes to read.
MAX_DECOMPRESSED_BYTES = 300_000_000
# How much of a gzip member is decompressed at a time when measuring it.
GZIP_CHUNK = 1 << 20
CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """An HTML page as a WARC record holds it: its address, HTTP payload and charset."""

    uri: str
    payload: bytes
    charset: str


class Damaged(Exception):
    """Raised when a WARC cannot be read past some byte."""

    def __init__(self, offset, size):
        super().__init__(
            f"the WARC is cut off or damaged at byte {offset:,} of {size:,}: "
            "the records after that point could not be read"
        )
        self.reason = str(self)


def read_warc(raw, name):
    """Yield a ParsedArticle for each HTML page in a WARC, and a Rejection for each that fails."""
    if _decompresses_beyond(raw, MAX_DECOMPRESSED_BYTES):
        raise Rejected(
            f"the WARC decompresses to more than {MAX_DECOMPRESSED_BYTES / 1e6:g} MB, far more "
            "than web pages compress to: it is damaged or built to exhaust memory"
        )
    pages = 0
    try:
        for page in html_pages(raw):
            pages += 1
            yield _article(page, name)
    except Damaged as damage:
        yield Rejection(name, damage.reason)
        return
    if not pages:
        raise Rejected("no HTML response records in this WARC: it holds no web pages to import")


def _article(page, name):
    """Return the ParsedArticle of one archived page, or the Rejection saying why not."""
    part = f"{name} › {page.uri}"
    if len(page.payload) > MAX_PAGE_BYTES:
        return Rejection(
            part,
            f"the archived page is over {MAX_PAGE_BYTES / 1e6:g} MB once decompressed, "
            "more than any page of one article",
        )
    try:
        article = parse_html(page.payload, part, url=page.uri, charset=page.charset)
    except Rejected as rejected:
        return Rejection(part, rejected.reason)
    return replace(article, original=Original(part, page.payload, Format.WARC))


def html_pages(raw):
    """Yield the HTML pages fetched with success in a WARC's response records.

    Raises Damaged where the file stops making sense, after the pages before it.
    """
    records = ArchiveIterator(io.BytesIO(raw))
    start = read_up_to = 0
    try:
        for record in records:
            page = _html_page(record)
            start, length = records.get_record_offset(), records.get_record_length()
            if _cut_short(record):
                raise Damaged(start, len(raw))
            read_up_to = start + length
            if page:
                yield page
    except Damaged:
        raise
    # warcio meets damaged input with assorted errors (its ArchiveLoadFailed, zlib,
    # EOF, even AttributeError), none of which says more than "damaged here".
    except Exception:  # noqa: BLE001
        raise Damaged(read_up_to, len(raw)) from None
    # A gzip member cut short ends warcio's reading without an error.
    if read_up_to < _end_of_content(raw) or not _gzip_member_whole(raw, start):
        raise Damaged(read_up_to, len(raw))


def _end_of_content(raw):
    """Return the length of `raw` without the blank lines that may close a WARC."""
    end = len(raw)
    while end and raw[end - 1] in b"\r\n":
        end -= 1
    return end


def _cut_short(record):
    """Tell whether the file ends inside a record (once it is read): in its headers or content."""
    declared = record.rec_headers.get_header("Content-Length") or ""
    return not declared.isdigit() or getattr(record.raw_stream, "limit", 1) > 0


def _gzip_member_whole(raw, start):
    """Tell whether the gzip member at `start` ends as gzip members must (true for plain WARCs).

    A member cut in its closing checksum still gives all its content, so only this
    shows that the file, and the records after, were cut off there.
    """
    if not raw.startswith(GZIP_MAGIC):
        return True
    member = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        for _ in _inflated_sizes(member, raw[start:]):
            pass
    except zlib.error:
        return False
    return member.eof


def _decompresses_beyond(raw, limit):
    """Tell whether the gzip members of `raw` hold more than `limit` bytes (False for plain WARCs).

    Damage stops the count: reading the WARC finds it and says where it is.
    """
    total, rest = 0, raw
    while rest.startswith(GZIP_MAGIC):
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            for size in _inflated_sizes(member, rest):
                total += size
                if total > limit:
                    return True
        except zlib.error:
            return False
        if not member.eof:
            return False
        rest = member.unused_data
    return False


def _inflated_sizes(member, data):
    """Yield the sizes of the chunks a gzip member decompresses to; the chunks are dropped."""
    while not member.eof:
        output = member.decompress(data, GZIP_CHUNK)
        data = member.unconsumed_tail
        if not output and not data:
            return
        yield len(output)


def _html_page(record):
    """Return the Page a record holds, or None when it is no successfully fetched HTML."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    status = record.http_headers.get_statuscode() or ""
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES or not status.startswith("2"):
        return None
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ")
    charset = CHARSET.search(content_type)
    payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
    return Page(uri, payload, charset.group(1) if charset else "")
