"""Passages of article text with the searched words marked.

Both functions return plain (fragment, marked) pieces, never HTML: the template
escapes every fragment and wraps the marked ones in <mark>.

A word of the text is marked when it is one of the searched words, starts with a
searched prefix (solei*), shares its stem with a searched word ("rallies" for "rally"),
or, for a capitalized word, when `same_word(text_word, searched_word)` says so
(spelling variants of names, which the index keys for capitalized words only); both
words are given to it in lowercase. Words are cut the way the index cuts them.
"""

import re
from collections import Counter
from collections.abc import Callable

from archive.search.query import HighlightTerms
from archive.search.words import INDEX_WORD, stem

ELLIPSIS = "…"
# How far to look for a space to cut the passage at; past it, cut inside the word
# (scripts written without spaces).
_REACH = 30

Piece = tuple[str, bool]
SameWord = Callable[[str, str], bool]

_SPACE = re.compile(r"\s+")
_NOT_SPACE = re.compile(r"\S")


def snippet(
    text: str, terms: HighlightTerms, *, same_word: SameWord | None = None, length: int = 240
) -> list[Piece]:
    """Return the passage of about `length` characters with the most different searched
    words (then the most matches), cut between words, with "…" where the text goes on.

    Without any match, the passage is the beginning of the text.
    """
    spans = _matches(text, terms, same_word)
    start, end = _passage(text, spans, length)
    pieces = _pieces(text, spans, start, end)
    if _NOT_SPACE.search(text, 0, start):
        pieces.insert(0, (ELLIPSIS, False))
    if _NOT_SPACE.search(text, end):
        pieces.append((ELLIPSIS, False))
    return pieces


def mark_all(text: str, terms: HighlightTerms, same_word: SameWord | None = None) -> list[Piece]:
    """Return the whole text as pieces, the searched words marked."""
    return _pieces(text, _matches(text, terms, same_word), 0, len(text))


def _matches(text: str, terms: HighlightTerms, same_word: SameWord | None) -> list[tuple[int, int]]:
    """Return the (start, end) of every word of the text to mark, in order."""
    if not (terms.words or terms.prefixes):
        return []
    matcher = _Matcher(terms, same_word)
    if same_word is not None:
        found = _distinct_matches(text, matcher)
        return [match.span() for match in found.finditer(text)] if found else []
    verdicts, spans = {}, []
    for match in matcher.candidates.finditer(text):
        word = match.group().lower()
        if word not in verdicts:
            verdicts[word] = matcher.is_searched(word)
        if verdicts[word]:
            spans.append(match.span())
    return spans


def _distinct_matches(text: str, matcher: "_Matcher") -> re.Pattern | None:
    """Return a pattern finding the words of the text to mark, deciding once per distinct
    word: any capitalized word may be a spelling variant, and a Python loop over all
    the words of a long article would be slow."""
    found = {
        word
        for word in set(INDEX_WORD.findall(text))
        if matcher.is_searched(word.lower())
        or (word[:1].isupper() and matcher.is_variant(word.lower()))
    }
    if not found:
        return None
    return re.compile(_whole_word("|".join(re.escape(word) for word in found)))


def _whole_word(alternatives: str) -> str:
    """Return a pattern matching the alternatives where they are whole words of the index."""
    return rf"(?<!\w)(?<!\w\.)(?:{alternatives})(?!\.?\w)"


class _Matcher:
    """Which words of a text are searched ones, and a pattern finding those that may be."""

    def __init__(self, terms: HighlightTerms, same_word: SameWord | None):
        self.terms = terms
        self.same_word = same_word
        self.stems = {stem(word) for word in terms.words}
        # Porter stemming keeps a word's beginning and changes at most the last letter of
        # what it keeps (two, to be safe), so only words that begin like a searched stem
        # can share it: looking for those alone skips most of a long article.
        self.stem_beginnings = tuple({word[: max(1, len(word) - 2)] for word in self.stems})
        beginnings = self.stem_beginnings + terms.prefixes
        alternatives = "|".join(re.escape(beginning) for beginning in beginnings)
        self.candidates = re.compile(_whole_word(rf"(?i:{alternatives})\w*(?:\.\w+)*"))

    def is_searched(self, word: str) -> bool:
        """Tell whether a lowercase word of the text is one of the searched words, a word
        they are the prefix of, or a word with the same stem."""
        return (
            word in self.terms.words
            or word.startswith(self.terms.prefixes)
            or (word.startswith(self.stem_beginnings) and stem(word) in self.stems)
        )

    def is_variant(self, word: str) -> bool:
        """Tell whether same_word makes a lowercase word of the text a searched word."""
        return any(self.same_word(word, term) for term in self.terms.words)


def _passage(text: str, spans: list[tuple[int, int]], length: int) -> tuple[int, int]:
    """Return the (start, end) of the passage to show, cut between words."""
    if not spans:
        start = _cut_start(text, 0)
        return start, _cut_end(text, start + length, floor=start)
    first, last = _best_window(text, spans, length)
    room = max(0, length - (last - first))
    start = _cut_start(text, first - room // 2)
    return start, _cut_end(text, start + length, floor=last)


def _best_window(text: str, spans: list[tuple[int, int]], length: int) -> tuple[int, int]:
    """Return where the run of matches within `length` characters with the most different
    words (then the most matches) starts and ends; the earliest such run."""
    words = [text[start:end].lower() for start, end in spans]
    in_window, end = Counter(), 0
    best_score, best = (0, 0), (spans[0][0], spans[0][1])
    for begin, (start, _) in enumerate(spans):
        while end < len(spans) and (end == begin or spans[end][1] - start <= length):
            in_window[words[end]] += 1
            end += 1
        score = (len(in_window), end - begin)
        if score > best_score:
            best_score, best = score, (start, spans[end - 1][1])
        in_window[words[begin]] -= 1
        if not in_window[words[begin]]:
            del in_window[words[begin]]
    return best


def _cut_start(text: str, position: int) -> int:
    """Return the start of the word at `position`, or of the text's first word."""
    window_start = max(0, position - _REACH)
    spaces = [space.end() for space in _SPACE.finditer(text, window_start, position)]
    if spaces:
        start = spaces[-1]
    else:
        start = 0 if window_start == 0 else position
    first_letter = _NOT_SPACE.search(text, start)
    return first_letter.start() if first_letter else start


def _cut_end(text: str, position: int, *, floor: int) -> int:
    """Return the end of the last word that ends by `position`, not before `floor`; or of
    the word going on at `position` when there is no such word."""
    position = max(position, floor)
    if position >= len(text):
        return len(text.rstrip())
    window_start = max(floor, position - _REACH)
    spaces = [space.start() for space in _SPACE.finditer(text, window_start, position + 1)]
    if spaces:
        return spaces[-1]
    following = _SPACE.search(text, position, position + _REACH)
    return following.start() if following else position


def _pieces(text: str, spans: list[tuple[int, int]], start: int, end: int) -> list[Piece]:
    """Return text[start:end] as pieces, the spans within it marked."""
    pieces, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        if span_start > position:
            pieces.append((text[position:span_start], False))
        pieces.append((text[span_start:span_end], True))
        position = span_end
    if position < end:
        pieces.append((text[position:end], False))
    return pieces
