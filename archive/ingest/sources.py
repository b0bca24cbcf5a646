"""Finding an article's outlet: agency prefixes, source lines, title suffixes."""

import re
import unicodedata

# Words an outlet's name ends with ("AhlulBayt News Agency", "Tehran Times").
OUTLET_WORDS = (
    "agency|news|press|times|post|tribune|herald|journal|gazette|daily|weekly|"
    "telegraph|guardian|observer|chronicle|review|online|media|network|networks|"
    "tv|radio|channel|service|wire|today|monitor|report|magazine|standard|express"
)
# Agencies usually named by their short form alone.
KNOWN_AGENCIES = (
    "AFP|AP|ABNA|ANI|IANS|IRNA|ISNA|IRIB|Mehr|Tasnim|Fars|PTI|Reuters|Xinhua|TASS|"
    "RIA Novosti|Anadolu|Yonhap|Kyodo|Bernama|WAFA|SANA|KUNA|EFE|ANSA|DPA|UPI"
)
_NAME_WORD = r"[A-Z][\w&.'’-]*"
AGENCY_PREFIX = re.compile(
    rf"^(?P<name>(?:{_NAME_WORD}\s+){{0,5}}(?:{OUTLET_WORDS})|{KNOWN_AGENCIES})\s*[:–—-]\s+(?=\S)",
    re.IGNORECASE,
)
SOURCE_LINE = re.compile(
    r"^\s*(?:source|via)\s*[»:>|–—-]+\s*(?P<name>\S.{0,80}?)\s*$", re.IGNORECASE
)
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")
TITLE_SUFFIX_MAX_WORDS = 5


def split_agency_prefix(line):
    """Return (agency, rest) for a line like 'AhlulBayt News Agency: A ceremony ...'."""
    match = AGENCY_PREFIX.match(line)
    if not match:
        return "", line
    name = match.group("name").strip()
    # Matched case-insensitively, so insist the name is written like a name.
    if not all(word[0].isupper() for word in name.split()):
        return "", line
    return name, line[match.end() :]


def source_line_name(line):
    """Return the outlet named by a closing line like 'Source » firstpost', or ''."""
    match = SOURCE_LINE.match(line)
    return match.group("name") if match else ""


def source_key(name):
    """Return the key that makes spellings of one outlet equal.

    'Firstpost', 'firstpost.com' and 'www.FirstPost.com' share the key 'firstpost'.
    """
    name = unicodedata.normalize("NFKC", name).casefold().strip()
    name = re.sub(r"^(?:https?://)?(?:www\.)?", "", name)
    name = re.sub(r"\.(?:com|org|net|info|news|co\.uk|co|ir|in|uk)(?:/.*)?$", "", name)
    return re.sub(r"[\W_]+", "", name)


def split_title_suffix(title, site_name=""):
    """Return (headline, outlet) for titles like 'Headline | Outlet' or 'Headline - Outlet'.

    The part after the last separator is taken as the outlet when it matches the
    site's name or is short; otherwise the title is returned whole.
    """
    separators = list(TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title, ""
    last = separators[-1]
    headline, suffix = title[: last.start()].strip(), title[last.end() :].strip()
    if site_name and source_key(suffix) == source_key(site_name):
        return headline, suffix
    # Also 'Outlet | Headline', which some sites use.
    first = separators[0]
    prefix = title[: first.start()].strip()
    if site_name and source_key(prefix) == source_key(site_name):
        return title[first.end() :].strip(), prefix
    if len(suffix.split()) <= TITLE_SUFFIX_MAX_WORDS and len(headline) > len(suffix):
        return headline, suffix
    return title, ""
