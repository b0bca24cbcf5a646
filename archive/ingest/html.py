"""Saved web pages: what the publisher declares about the article, and its main text.

Title, date, outlet, author, URL and language come from the page's own metadata
(JSON-LD, OpenGraph, meta tags, <time>), most specific first. A page that declares
no date stays undated for an editor to fix: the date is never guessed from the text,
the URL or the clock. The body comes from trafilatura's main-content extraction,
which works on the markup alone and never fetches anything.
"""

import re
import warnings

import lxml.html
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, ParserRejectedMarkup
from lxml import etree

from archive.ingest.article import Original, ParsedArticle, Rejected
from archive.ingest.body import derive_title
from archive.ingest.encoding import decode
from archive.ingest.page_body import article_blocks, without_header
from archive.ingest.page_metadata import (
    linked_data,
    meta_tags,
    page_author,
    page_language,
    page_title,
    page_url,
    published_date,
    publisher_name,
)
from archive.vocabulary.body import word_count
from archive.vocabulary.terms import DateFrom, Format

# Where browsers look for a declared charset: the first bytes of the page.
CHARSET_SNIFF_BYTES = 4096
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.IGNORECASE)
# Markup that holds no article text but can make a saved page huge: scripts (except
# JSON-LD metadata), styles, inline SVG, comments and images inlined as data: URIs.
# ASCII case only, as browsers read tag names: Unicode case folding would take
# <ſcript> and <scrİpt>, which are no scripts, for <script>.
NON_TEXT_STARTS = {
    "script": r"<script\b",
    "style": r"<style\b",
    "svg": r"<svg\b",
    "comment": "<!--",
}
NON_TEXT_ENDS = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE | re.ASCII),
    "style": re.compile(r"</style\s*>", re.IGNORECASE | re.ASCII),
    "svg": re.compile(r"</svg\s*>", re.IGNORECASE | re.ASCII),
    "comment": re.compile(r"-->"),
}
INLINE_DATA = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]*")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Beyond this much markup (once the above is set aside) a page is no single article,
# and main-content extraction would take minutes.
MAX_MARKUP_CHARS = 2_000_000
# Main-content extraction takes about a second per 10,000 elements, and a page of one
# article has a few thousand (tests/data/pages: under 500). Below MAX_MARKUP_CHARS a
# page of bare tags could still have 500,000 and take minutes.
MAX_ELEMENTS = 50_000
# libxml2 drops whatever is nested deeper than this, so such a page reads incomplete.
MAX_NESTING = 255
# More than a text file needs (body.MIN_PAGE_WORDS): a page's leftovers of
# furniture can pass for a few words of text.
MIN_PAGE_WORDS = 25


def parse_html(raw, name, url="", *, charset=""):
    """Return the ParsedArticle in a saved web page's bytes, or raise Rejected.

    `url` (a WARC record's target) and `charset` (the server's Content-Type) say
    how the page was fetched; they win over what the page says of itself.
    """
    page = _without_non_text(decode(raw, charset or declared_charset(raw)))
    if len(page) > MAX_MARKUP_CHARS:
        raise Rejected(
            f"the page is too large to be one article: {len(page) / 1e6:.1f} million characters "
            "of markup besides scripts and styles; save only the article and import that"
        )
    tree = _html_tree(page)
    if tree is not None and (elements := sum(1 for _ in tree.iter())) > MAX_ELEMENTS:
        raise Rejected(
            f"the page has {elements:,} elements, more than a page of one article has "
            f"(at most {MAX_ELEMENTS:,}); save only the article and import that"
        )
    soup = _soup(page)
    linked = linked_data(soup)
    meta = meta_tags(soup)
    site_name = publisher_name(linked) or meta.get("og:site_name", "")
    title, title_outlet = page_title(soup, linked, meta, site_name)
    blocks = without_header(article_blocks(tree), title)
    if word_count(blocks) < MIN_PAGE_WORDS:
        raise Rejected(no_article_reason(soup))
    published = published_date(soup, linked, meta)
    return ParsedArticle(
        title=title or derive_title(blocks[0].text),
        title_derived=not title,
        blocks=blocks,
        original=Original(name, raw, Format.HTML),
        published=published,
        date_from=DateFrom.METADATA if published else "",
        source=site_name or title_outlet,
        author=page_author(linked, meta),
        url=url or page_url(soup, linked, meta),
        language=page_language(soup, linked, meta),
    )


def declared_charset(raw):
    """Return the charset a page declares in its first bytes, or ''."""
    head = raw[:CHARSET_SNIFF_BYTES]
    match = XML_ENCODING.match(head) or META_CHARSET.search(head)
    label = match.group(1).decode("ascii") if match else ""
    # A declaration readable as ASCII is not in UTF-16; browsers read such pages as UTF-8.
    return "" if label.lower().startswith("utf-16") else label


def _without_non_text(page):
    """Return the page's markup without the parts that never hold article text.

    One pass from left to right. An element or comment that is never closed is left
    for the parser, and so are the later openings of its kind: looking for its end
    again at each of them would take hours on a page of unclosed tags.
    """
    kept, at, search_from = [], 0, 0
    kinds = list(NON_TEXT_STARTS)
    starts = _starts_of(kinds)
    while kinds and (start := starts.search(page, search_from)):
        kind = start.lastgroup
        opening_end = start.end() if kind == "comment" else page.find(">", start.end()) + 1
        if not opening_end:
            break  # a tag cut off by the end of the page
        end = NON_TEXT_ENDS[kind].search(page, opening_end)
        if end is None:
            kinds.remove(kind)
            starts = _starts_of(kinds)
            search_from = opening_end
            continue
        kept.append(page[at : start.start()])
        if kind == "script" and "ld+json" in page[start.end() : opening_end].lower():
            kept.append(page[start.start() : end.end()])
        at = search_from = end.end()
    kept.append(page[at:])
    page = "".join(kept)
    page = INLINE_DATA.sub("data:,", page)
    # lxml refuses text that declares an encoding, and control characters.
    page = XML_DECLARATION.sub("", page)
    return CONTROL_CHARACTERS.sub(" ", page)


def _starts_of(kinds):
    """Return the pattern that finds where an element or comment of one of `kinds` starts."""
    return re.compile(
        "|".join(f"(?P<{kind}>{NON_TEXT_STARTS[kind]})" for kind in kinds),
        re.IGNORECASE | re.ASCII,
    )


def _html_tree(page):
    """Return the page parsed by lxml, or None for a page of nothing but markup."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        tree = lxml.html.document_fromstring(page, parser=parser)
    except etree.ParserError:
        return None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise Rejected(
            f"the page's markup is nested more than {MAX_NESTING} levels deep (usually tags "
            "that are never closed), so only part of it could be read"
        )
    return tree


def _soup(page):
    try:
        with warnings.catch_warnings():
            # A short page that looks like a file name or URL is still the page.
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            return BeautifulSoup(page, "lxml")
    except (ParserRejectedMarkup, RecursionError) as error:
        raise Rejected(f"the page's markup cannot be read ({error})") from None


def no_article_reason(soup):
    """Return why a page gave no article text, in words a user can act on."""
    if soup.find("frameset"):
        return "a frameset page: the article is in one of its frames; save that frame instead"
    refresh = soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.IGNORECASE)})
    if refresh:
        target = re.search(
            r"url\s*=\s*['\"]?([^'\"\s]+)", refresh.get("content", ""), re.IGNORECASE
        )
        where = f" to {target.group(1)}" if target else ""
        return f"a redirect page{where}, not an article: save the page it leads to instead"
    return f"no article text found on this page (fewer than {MIN_PAGE_WORDS} words of body text)"
