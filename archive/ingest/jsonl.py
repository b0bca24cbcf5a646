"""The archive's JSONL export format, read back so an archive can be moved or restored.

One JSON object per line with the fields in vocabulary.terms.EXPORT_FIELDS. 'original_base64', when present,
carries the original file so it is kept again; its hash must match 'content_hash'. Of
'original_name' only the file's name is kept, never the folders above it.
"""

import base64
import binascii
import hashlib
import json
import re
from pathlib import PurePosixPath

from archive.ingest.article import ArchiveState, Original, ParsedArticle, Rejected, Rejection
from archive.ingest.body import clean_line
from archive.ingest.dates import parse_iso_day
from archive.ingest.encoding import decode
from archive.vocabulary.body import Block, blocks_from_body
from archive.vocabulary.terms import DateFrom, Format, ReviewReason

ORIGINAL_FORMATS = Format.values()
DATE_FROM_VALUES = DateFrom.values() | {""}
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
ABSOLUTE = re.compile(r"^(/|~|[A-Za-z]:[\\/]|\\\\)")


def read_jsonl(raw, name):
    """Yield a ParsedArticle for each line of an export, or a Rejection naming the line."""
    for number, line in enumerate(decode(raw).splitlines(), start=1):
        if not line.strip():
            continue
        line_name = f"{name}, line {number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise Rejected("not a JSON object")
            yield article_from_record(record, line_name)
        except ValueError as error:
            yield Rejection(line_name, f"not valid JSON ({error})")
        except RecursionError:
            yield Rejection(
                line_name, "JSON nested too deeply to read (an export is one flat object)"
            )
        except Rejected as rejected:
            yield Rejection(line_name, rejected.reason)


def article_from_record(record, line_name):
    """Return the ParsedArticle an exported record describes, or raise Rejected."""
    title = clean_line(_text(record, "title"))
    blocks = _blocks(_text(record, "body"), _strings(record, "subheadings"))
    if not title or not blocks:
        raise Rejected("a record needs a title and a body")
    published = None
    if value := _text(record, "published"):
        published = parse_iso_day(value[:10])
        if published is None:
            raise Rejected(f"published {value!r} is not a date (YYYY-MM-DD)")
    date_from = _text(record, "date_from")
    if date_from not in DATE_FROM_VALUES:
        raise Rejected(f"date_from {date_from!r} is not one of {sorted(DATE_FROM_VALUES)}")
    original_format = _text(record, "original_format") or Format.JSONL
    if original_format not in ORIGINAL_FORMATS:
        raise Rejected(
            f"original_format {original_format!r} is not one of {sorted(ORIGINAL_FORMATS)}"
        )
    digest, claimed, raw = _hash_and_original(record)
    return ParsedArticle(
        title=title,
        blocks=blocks,
        original=Original(
            relative_name(_text(record, "original_name")) or line_name, raw, original_format
        ),
        published=published,
        date_from=date_from if published or date_from == "" else "",
        date_hint=_text(record, "date_hint"),
        source=clean_line(_text(record, "source")),
        author=clean_line(_text(record, "author")),
        url=_text(record, "url").strip(),
        language=_text(record, "language").strip(),
        restored=ArchiveState(
            content_hash=digest,
            claimed_hash=claimed,
            needs_review=bool(record.get("needs_review")),
            review_reasons=tuple(
                r for r in _strings(record, "review_reasons") if r in ReviewReason.values()
            ),
        ),
    )


def _text(record, key):
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Rejected(f"{key} must be a string, not {type(value).__name__}")
    return value


def _strings(record, key):
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Rejected(f"{key} must be a list of strings")
    return value


def relative_name(name):
    """Return an original's name without the folders above its file.

    A name below an imported folder ('inbox/2025/story.txt') stays; a path as typed
    ('/home/USER/memo.txt', 'C:\\Users\\...'), which an older export may carry, keeps only
    the file's name, and a WARC's ' › ' and page address after it.
    """
    file, separator, rest = name.partition(" › ")
    parts = PurePosixPath(file.replace("\\", "/")).parts
    if parts and (ABSOLUTE.match(file) or ".." in parts):
        return parts[-1] + separator + rest
    return name


def _blocks(body, subheadings):
    """Return the body's blocks; paragraphs named in `subheadings` become subheadings."""
    blocks = blocks_from_body(body)
    wanted = {clean_line(heading) for heading in subheadings}
    if wanted and not any(block.is_subheading for block in blocks):
        blocks = tuple(
            Block(block.text, "subheading") if block.text in wanted else block for block in blocks
        )
    return blocks


def _hash_and_original(record):
    """Return (content hash, the hash it claims, original bytes) for a record.

    A record carrying its original is known by that original's hash, checked against the
    one it claims. One without is known by what it says: the hash it claims is only
    taken at its word to find an article already present, never to keep an original out.
    """
    claimed = _text(record, "content_hash").lower()
    if claimed and not SHA256_HEX.match(claimed):
        raise Rejected("content_hash must be 64 hexadecimal characters (SHA-256)")
    if encoded := _text(record, "original_base64"):
        try:
            raw = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise Rejected("original_base64 is not valid base64") from None
        digest = hashlib.sha256(raw).hexdigest()
        if claimed and digest != claimed:
            raise Rejected("original_base64 does not match content_hash")
        return digest, "", raw
    # Keys as before for records without a claim, so an archive restored earlier still
    # finds them present.
    said = [record.get(k) for k in ("title", "body", "url", "published")]
    return (
        hashlib.sha256(json.dumps([claimed, *said] if claimed else said).encode()).hexdigest(),
        claimed,
        b"",
    )
