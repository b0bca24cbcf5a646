"""Turning a document's bytes into text: BOMs, declared charsets, UTF-8, Windows-1252."""

import codecs

from archive.ingest.article import Rejected

# Bytes that start common non-text files, with the name a user would know them by.
BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a Word/OpenDocument file)",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x7fELF": "a program",
}
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Codecs of the labels browsers read as Windows-1252 (the WHATWG Encoding Standard):
# pages declared ISO-8859-1 or ASCII rely on it for their curly quotes and dashes.
READ_AS_WINDOWS_1252 = {"iso8859-1", "ascii"}
# Share of control characters above which decoded "text" is really binary data.
MAX_CONTROL_SHARE = 0.01
# Share of malformed bytes a page may have and still be read in its charset, as
# browsers read it, each replaced by U+FFFD: a page saved with one character cut in
# half is still the page, and reading it as Windows-1252 would garble all the rest.
MAX_MALFORMED_SHARE = 0.001
MALFORMED_ON_ANY_PAGE = 4


def reject_binary(raw):
    """Raise Rejected when `raw` is empty or is plainly not text."""
    if not raw.strip():
        raise Rejected("the file is empty")
    for signature, kind in BINARY_SIGNATURES.items():
        if raw.startswith(signature):
            raise Rejected(f"this is {kind}, not text, a web page, WARC or JSONL")
    if b"\x00" in raw[:8192] and not raw.startswith(UTF16_BOMS):
        raise Rejected("binary data, not text (it contains NUL bytes)")


def decode(raw, declared=""):
    """Return the text of `raw`: by its BOM, else the declared charset, else UTF-8, else cp1252."""
    reject_binary(raw)
    if raw.startswith(codecs.BOM_UTF8):
        text = _strict(raw[len(codecs.BOM_UTF8) :], "utf-8")
    elif raw.startswith(UTF16_BOMS):
        text = _strict(raw, "utf-16")
    else:
        text = None
        for encoding in (*_as_browsers_read(declared), "utf-8"):
            if encoding and (text := _strict(raw, encoding)) is not None:
                break
        else:
            text = _damaged(raw, declared) or _damaged(raw, "utf-8") or _strict(raw, "cp1252")
    if text is None:
        raise Rejected("cannot be decoded: not UTF-8, Windows-1252 or its declared charset")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > MAX_CONTROL_SHARE * len(text):
        raise Rejected("binary data, not text (too many control characters)")
    return text


def _as_browsers_read(declared):
    """Return the encodings to try for a declared charset, the one browsers use first."""
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return (declared,)
    return ("cp1252", declared) if codec in READ_AS_WINDOWS_1252 else (declared,)


def _damaged(raw, encoding):
    """Return raw decoded with `encoding`, its few malformed bytes replaced, or None.

    Only for text that shows the encoding elsewhere (characters beyond ASCII decoded
    well): a Windows-1252 page that calls itself UTF-8 has none, and reads right as
    Windows-1252.
    """
    try:
        text = raw.decode(encoding, errors="replace")
    except LookupError:
        return None
    malformed = text.count("\ufffd")
    readable = any(ord(ch) > 127 and ch != "\ufffd" for ch in text)
    return (
        text
        if readable and malformed <= max(MALFORMED_ON_ANY_PAGE, MAX_MALFORMED_SHARE * len(raw))
        else None
    )


def _strict(raw, encoding):
    """Return raw decoded with `encoding`, or None when it does not decode cleanly."""
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
