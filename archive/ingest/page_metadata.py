"""What a saved web page declares about its article: title, date, outlet, author, URL.

Read from JSON-LD, OpenGraph and other meta tags and <time> elements, most specific
first. A page that declares no date has none: it is never guessed.
"""

import html
import itertools
import json
import re

from archive.ingest.body import clean_line
from archive.ingest.dates import parse_metadata_date
from archive.ingest.sources import TITLE_SEPARATORS, source_key, split_title_suffix

ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
}
PAGE_TYPES = {"WebPage"}
# Meta tags that carry the publication date, most specific first.
DATE_META = (
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "date",
)
# Class or id words of page parts whose times date something other than the article.
OTHER_CONTENT = re.compile(
    r"comment|related|sidebar|widget|popular|trending|most-read|recommend", re.IGNORECASE
)
# Deeper JSON-LD describes no article, and reading its values (recursively) could
# exhaust the stack.
MAX_JSON_LD_DEPTH = 50
LANGUAGE_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_]|$)")
TAG = re.compile(r"<[^<>]*>")
URL = re.compile(r"https?://\S+$")


def linked_data(soup):
    """Return the page's JSON-LD description of the article, with references resolved.

    Of the objects in the page's JSON-LD (arrays and @graph lists included), the
    first article type wins, and a WebPage serves when there is none.
    """
    nodes = [
        node
        for script in soup.find_all("script", type=re.compile(r"ld\+json", re.IGNORECASE))
        for node in _json_ld_nodes(script.string or "")
    ]
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for types in (ARTICLE_TYPES, PAGE_TYPES):
        for node in nodes:
            if types & _types(node):
                return {key: _resolved(value, by_id) for key, value in node.items()}
    return {}


def _json_ld_nodes(text):
    """Return every object with an @type in one JSON-LD script, outermost first."""
    try:
        data = json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return []
    nodes, pending = [], [(data, 0)]
    while pending:
        item, depth = pending.pop(0)
        if depth > MAX_JSON_LD_DEPTH:
            return []
        if isinstance(item, list):
            pending.extend((value, depth + 1) for value in item)
        elif isinstance(item, dict):
            if "@type" in item:
                nodes.append(item)
            pending.extend(
                (value, depth + 1) for value in item.values() if isinstance(value, (list, dict))
            )
    return nodes


def _types(node):
    kinds = node.get("@type")
    return {
        kind for kind in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(kind, str)
    }


def _resolved(value, by_id):
    """Return `value` with references like {"@id": "#org"} replaced by the object meant."""
    if isinstance(value, list):
        return [_resolved(item, by_id) for item in value]
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return by_id.get(value["@id"], value)
    return value


def meta_tags(soup):
    """Return the page's <meta> contents by lowercased name, property or itemprop."""
    found = {}
    for tag in soup.find_all("meta", content=True):
        for attribute in ("property", "name", "itemprop"):
            key = tag.get(attribute)
            if isinstance(key, str):
                found.setdefault(key.strip().lower(), _clean(tag["content"]))
    return found


def publisher_name(linked):
    publisher = linked.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else ""
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    return _clean(publisher)


def page_title(soup, linked, meta, site_name):
    """Return (headline, outlet named beside it), the outlet '' when there is none.

    The JSON-LD headline and the article's <h1> lose only a suffix that is the
    site's own name; og:title and <title> lose any short one (split_title_suffix).
    """
    h1 = soup.select_one("article h1")
    candidates = (
        (_clean(linked.get("headline")), False),
        (meta.get("og:title", ""), True),
        (_element_text(h1), False),
        (_element_text(soup.title), True),
    )
    for candidate, any_suffix in candidates:
        if not candidate:
            continue
        headline, outlet = split_title_suffix(candidate, site_name)
        if not any_suffix and source_key(outlet) != source_key(site_name):
            headline, outlet = candidate, ""
        return headline, outlet or _outlet_beside(headline, soup, meta)
    return "", ""


def _outlet_beside(headline, soup, meta):
    """Return the outlet written beside `headline` in <title> or og:title, or ''.

    'Outlet | Headline' and 'Headline - Section - Outlet' both name the outlet.
    """
    for title in (_element_text(soup.title), meta.get("og:title", "")):
        before, found, after = title.partition(headline)
        if not found or bool(before) == bool(after):
            continue
        parts = TITLE_SEPARATORS.split(before or after)
        if len(parts) > 1 and not parts[-1 if before else 0]:
            return parts[0] if before else parts[-1]
    return ""


def published_date(soup, linked, meta):
    """Return the publication day the page declares, or None. Never a guess."""
    values = itertools.chain(
        [_string(linked.get("datePublished"))],
        (meta.get(key, "") for key in DATE_META),
        (time["datetime"] for time in _publication_times(soup)),
    )
    days = (parse_metadata_date(value) for value in values if value)
    return next((day for day in days if day), None)


def _publication_times(soup):
    """Return the <time datetime> elements that may date the article, likeliest first.

    Times in comments, sidebars and lists of other stories date something else.
    """
    times = [time for time in soup.find_all("time", datetime=True) if not _dates_other(time)]

    def likelihood(time):
        return (
            time.get("itemprop") != "datePublished",
            not time.has_attr("pubdate"),
            time.find_parent("article") is None,
        )

    return sorted(times, key=likelihood)


def _dates_other(time):
    """Tell whether a <time> sits in a comment, sidebar or list of other stories."""
    for parent in time.parents:
        names = " ".join([parent.get("id") or "", *(parent.get("class") or [])])
        if parent.name in ("aside", "nav", "footer") or OTHER_CONTENT.search(names):
            return True
    return False


def page_author(linked, meta):
    """Return the article's authors, joined with ', ' (JSON-LD, else meta tags)."""
    names = _names(linked.get("author"))
    if not names:
        names = [meta.get(key, "") for key in ("article:author", "author")]
        names = [name for name in names if name and not URL.match(name)][:1]
    return ", ".join(dict.fromkeys(names))


def _names(value):
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    if isinstance(value, dict):
        value = value.get("name")
    name = _clean(value)
    return [name] if name and not URL.match(name) else []


def page_url(soup, linked, meta):
    """Return the page's own address: canonical link, og:url, or the JSON-LD url."""
    canonical = soup.find("link", rel="canonical", href=True)
    entity = linked.get("mainEntityOfPage")
    candidates = (
        canonical["href"] if canonical else "",
        meta.get("og:url", ""),
        _string(linked.get("url")),
        entity.get("@id", "") if isinstance(entity, dict) else _string(entity),
    )
    return next((url.strip() for url in candidates if URL.match(url.strip())), "")


def page_language(soup, linked, meta):
    """Return the page's primary language subtag, lowercased ('en' for 'en-US' or 'en_US')."""
    root = soup.find("html")
    candidates = (
        _string(linked.get("inLanguage")),
        root.get("lang", "") if root else "",
        meta.get("og:locale", ""),
    )
    for candidate in candidates:
        if match := LANGUAGE_TAG.match(candidate.strip()):
            return match.group(1).lower()
    return ""


def _string(value):
    """Return a JSON-LD value as a string: the first of a list, '' for anything else."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def _clean(value):
    """Return a metadata value as plain text: entities decoded, tags and extra space gone."""
    if not isinstance(value, str):
        return ""
    return clean_line(TAG.sub(" ", html.unescape(value)))


def _element_text(element):
    return clean_line(element.get_text()) if element else ""
