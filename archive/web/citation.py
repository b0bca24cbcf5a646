"""Citations of archived articles: a plain one to paste into a text, and a BibTeX entry.

Pure functions of a Reference (plain values), so they test without a request or a database.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
UNDATED = "n.d."
# Words a citation key skips, as Google Scholar's keys do ("The Guardian" -> guardian).
KEY_SKIPPED_WORDS = frozenset({"a", "an", "the", "of", "on", "in", "at", "to", "for", "and"})
# Characters special to BibTeX and LaTeX. Braces become commands, not \{ and \}: BibTeX
# counts every brace, escaped or not, to find where a field ends.
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in BIBTEX_SPECIAL))


@dataclass(frozen=True)
class Reference:
    """What a citation says: the article's metadata, and where and when its copy was read."""

    title: str
    archive_url: str
    accessed: date
    author: str = ""
    source: str = ""
    published: date | None = None
    url: str = ""


def citation(reference: Reference) -> str:
    """Return a Chicago-like citation: Author. “Title.” Source, 2 January 2025. URL. Archived
    copy: <archive URL>, accessed <date>. Missing parts are left out; a missing date is "n.d."."""
    published = day_month_year(reference.published) if reference.published else UNDATED
    parts = [
        _sentence(_one_line(reference.author)),
        f"“{_sentence(_one_line(reference.title))}”",
        _sentence(", ".join(filter(None, [_one_line(reference.source), published]))),
        _sentence(reference.url),
        f"Archived copy: {reference.archive_url}, accessed {day_month_year(reference.accessed)}.",
    ]
    return " ".join(part for part in parts if part)


def bibtex(reference: Reference) -> str:
    """Return a BibTeX entry: @article with the source as journal, or @misc without a source."""
    published = reference.published
    fields = [
        ("title", _braced(reference.title)),
        ("author", _braced(reference.author)),
        ("journal", _braced(reference.source)),
        ("year", published and f"{{{published.year}}}"),
        # Month macros (jan, feb, ...) are how BibTeX styles print a month in their own way.
        ("month", published and MONTHS[published.month - 1][:3].lower()),
        ("day", published and f"{{{published.day}}}"),
        ("url", reference.url and f"{{{_bibtex_url(reference.url)}}}"),
        ("note", f"{{Archived copy: \\url{{{_bibtex_url(reference.archive_url)}}}}}"),
        ("urldate", f"{{{reference.accessed.isoformat()}}}"),
    ]
    entry_type = "article" if reference.source.strip() else "misc"
    lines = [f"  {name} = {value}" for name, value in fields if value]
    return f"@{entry_type}{{{bibtex_key(reference)},\n" + ",\n".join(lines) + "\n}"


def bibtex_key(reference: Reference) -> str:
    """Return a citation key such as firstpost2025iran: the outlet (else the author's last
    name, else "anon"), the year, and the title's first word that is not a little word."""
    author_words = _key_words(reference.author)
    who = _first_key_word(reference.source) or (author_words[-1] if author_words else "anon")
    year = str(reference.published.year) if reference.published else ""
    return f"{who}{year}{_first_key_word(reference.title)}"


def bibtex_escape(text: str) -> str:
    """Return the text with BibTeX's and LaTeX's special characters written as commands."""
    return _BIBTEX_SPECIAL.sub(lambda special: BIBTEX_SPECIAL[special.group()], text)


def day_month_year(day: date) -> str:
    """Return the date as "2 January 2025", in English whatever the locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    """Return the text ending with a full stop, unless it ends with one, a ? or a ! already."""
    return text if not text or text.endswith((".", "?", "!")) else f"{text}."


def _braced(text: str) -> str:
    text = _one_line(text)
    return text and f"{{{bibtex_escape(text)}}}"


def _bibtex_url(url: str) -> str:
    # URL fields are read verbatim by biblatex and the url package: only braces must go.
    return url.replace("{", "%7B").replace("}", "%7D")


def _key_words(text: str) -> list[str]:
    """Return the text's words in lowercase ASCII, accents dropped ("Qāsem" -> "qasem")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", ascii_text)


def _first_key_word(text: str) -> str:
    return next((word for word in _key_words(text) if word not in KEY_SKIPPED_WORDS), "")
