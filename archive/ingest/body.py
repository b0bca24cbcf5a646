"""Body text: telling subheadings from paragraphs, and titles from first sentences."""

import re

from archive.vocabulary.body import Block

# A line that ends like a sentence: final punctuation, possibly inside closing quotes
# or brackets.
SENTENCE_END = re.compile(r"[.!?:;,…][\"'”’»)\]]*$")
SUBHEADING_MAX_CHARS = 120
SUBHEADING_MAX_WORDS = 16
TITLE_MAX_CHARS = 120
# Fewer words than this is not an article (a headline, a caption, a stray line).
MIN_ARTICLE_WORDS = 10


def clean_line(line):
    """Return `line` with its white space folded and control characters removed."""
    line = "".join(ch if ch.isprintable() or ch == "\t" else " " for ch in line)
    return " ".join(line.split())


def ends_like_sentence(line):
    return bool(SENTENCE_END.search(line))


def looks_like_heading(line):
    """Tell whether a line reads as a heading: short, and not ending like a sentence."""
    return (
        0 < len(line) <= SUBHEADING_MAX_CHARS
        and len(line.split()) <= SUBHEADING_MAX_WORDS
        and not ends_like_sentence(line)
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘«")
    )


def blocks_from_lines(lines):
    """Return the body blocks for text lines; blank lines only separate paragraphs.

    A short line without final punctuation between two paragraphs is a subheading;
    at the very start or end of the body it is kept as a paragraph.
    """
    lines = [clean_line(line) for line in lines]
    lines = [line for line in lines if line]
    blocks = []
    for i, line in enumerate(lines):
        inner = 0 < i < len(lines) - 1
        is_heading = inner and looks_like_heading(line) and not looks_like_heading(lines[i + 1])
        blocks.append(Block(line, "subheading" if is_heading else "paragraph"))
    return tuple(blocks)


def first_sentence(text):
    """Return the first sentence of `text` (all of it when no sentence ends)."""
    # A sentence ends at . ! ? followed by space and a capital or opening quote, but
    # not after a single capital letter (initials, "U.S.").
    match = re.search(r"(?<!\b[A-Z])[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])", text)
    return text[: match.end()] if match else text


def derive_title(text):
    """Return a title of at most TITLE_MAX_CHARS made from the first sentence of `text`."""
    sentence = first_sentence(clean_line(text)).rstrip(".")
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    cut = sentence[: TITLE_MAX_CHARS - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:-–—") + "…"
