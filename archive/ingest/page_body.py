"""The main text of a saved web page, as paragraphs and subheadings.

trafilatura finds the main content; what it keeps of page furniture (newsletter
boxes, "Read more" lines, the repeated headline and byline) is taken out here.
"""

import re

import trafilatura

from archive.ingest.article import Rejected
from archive.ingest.body import clean_line, ends_like_sentence, looks_like_heading
from archive.vocabulary.body import Block

# Class and id words of boxes that sit inside article bodies but are not the article:
# newsletter sign-ups, "read more" links, share bars, ads, site notices.
BOILERPLATE_BOXES = (
    "newsletter",
    "sign-up",
    "signup",
    "subscribe",
    "promo",
    "read-more",
    "readmore",
    "also-read",
    "related",
    "recommend",
    "advert",
    "share",
    "social",
    "cookie",
    "consent",
    "notice",
)
PRUNE_BOILERPLATE = [
    f"//*[contains(@class, '{word}') or contains(@id, '{word}')]" for word in BOILERPLATE_BOXES
]
# Lines that point to another story ("Read more: ...", "ALSO READ | ...").
TEASER = re.compile(
    r"^(?:read more|read also|also read|related|see also|more on this|recommended|watch)\b\s*[:|»–—-]",
    re.IGNORECASE,
)
TEASER_MAX_WORDS = 25
# What may precede the article's text in an extracted body: short labels (a section,
# a kicker) before a repeat of the headline, and a byline after it.
HEADER_MAX_BLOCKS = 3
LABEL_MAX_WORDS = 8
BYLINE = re.compile(r"^By\s+\S")
BYLINE_MAX_WORDS = 12
# Stands for <br> in extracted text: a character no page's text contains.
LINE_BREAK = "\u2028"
PARAGRAPH_BREAK = re.compile(f"{LINE_BREAK}\\s*{LINE_BREAK}")
# Elements of trafilatura's output that hold blocks rather than running text.
BLOCK_TAGS = {"p", "head", "list", "item", "quote", "div", "code"}


def article_blocks(tree):
    """Return the article's paragraphs and subheadings, in reading order."""
    body = _main_content(tree) if tree is not None else None
    if body is None:
        return ()
    # A line break separates words; two in a row separate paragraphs (text laid out
    # with <br><br>, as some CMSs do).
    for line_break in body.iter("lb"):
        line_break.text = LINE_BREAK
    blocks = [
        Block(clean_line(text), block.kind)
        for block in _blocks(body)
        for text in PARAGRAPH_BREAK.split(block.text)
    ]
    blocks = [block for block in blocks if block.text and not _is_teaser(block.text)]
    # Headings before the first paragraph are the page's (a standfirst, a kicker);
    # one after the last paragraph heads nothing.
    while blocks and blocks[0].is_subheading:
        blocks.pop(0)
    while blocks and blocks[-1].is_subheading:
        blocks.pop()
    return tuple(blocks)


def _main_content(tree):
    """Return trafilatura's main-content tree of the page (an lxml <body>), or None."""
    try:
        document = trafilatura.bare_extraction(
            tree,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=True,
            with_metadata=False,
            prune_xpath=PRUNE_BOILERPLATE,
        )
    # trafilatura is a heuristic over arbitrary markup and can fail in many ways on
    # odd pages; any failure means the article text could not be found.
    except Exception as error:  # noqa: BLE001
        raise Rejected(
            f"the article text could not be extracted ({type(error).__name__})"
        ) from None
    return document.body if document is not None else None


def _blocks(element):
    """Yield the blocks under an element of trafilatura's output, in order."""
    if element.tag == "head":
        yield Block(_text(element), "subheading")
    elif any(child.tag in BLOCK_TAGS for child in element):
        # A container: its blocks, and its loose text and inline elements as paragraphs.
        run = [element.text or ""]
        for child in element:
            if child.tag in BLOCK_TAGS:
                yield Block("".join(run))
                yield from _blocks(child)
                run = []
            else:
                run.append(_text(child))
            run.append(child.tail or "")
        yield Block("".join(run))
    elif _is_bold_line(element):
        yield Block(_text(element), "subheading")
    else:
        yield Block(_text(element))


def _text(element):
    return "".join(element.itertext())


def _is_bold_line(element):
    """Tell whether a paragraph is only bold text that reads as a heading (a CMS subheading)."""
    bold = [child for child in element if child.tag == "hi" and child.get("rend") == "#b"]
    outside = (element.text or "") + "".join(child.tail or "" for child in element)
    return (
        element.tag == "p"
        and len(bold) == len(element) == 1
        and not outside.strip()
        and looks_like_heading(clean_line(_text(element)))
    )


def _is_teaser(text):
    return bool(TEASER.match(text)) and len(text.split()) <= TEASER_MAX_WORDS


def without_header(blocks, title):
    """Return the blocks from where the article's text starts.

    A repeat of the headline near the start goes, with the section label above it
    and a byline ('By Jane Doe — Foreign Desk') below it.
    """
    for i, block in enumerate(blocks[:HEADER_MAX_BLOCKS]):
        if block.text.casefold() == title.casefold():
            if all(len(label.text.split()) <= LABEL_MAX_WORDS for label in blocks[:i]):
                blocks = blocks[i + 1 :]
            break
    while blocks and _is_byline(blocks[0].text):
        blocks = blocks[1:]
    return blocks


def _is_byline(text):
    return (
        BYLINE.match(text) is not None
        and len(text.split()) <= BYLINE_MAX_WORDS
        and not ends_like_sentence(text)
    )
