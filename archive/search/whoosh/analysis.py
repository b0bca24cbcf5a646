"""The analyzer of the `names` field: spelling-variant keys of the words that may be names.

The keys themselves are engine-neutral (archive/search/names.py); reading them out of
a document as Whoosh tokens is Whoosh's.
"""

from whoosh.analysis import Filter, RegexTokenizer, Token, Tokenizer

from archive.search.names import CAPITALIZED_WORD, WORD_PATTERN, looks_like_name, name_key


class NameKeyFilter(Filter):
    """Turns names into their spelling-variant keys and drops every other word.

    Indexing keys only words that look like names in the text; a query keys every
    word (people type names in lowercase). Tokens keep the positions the tokenizer
    gave them, so a phrase such as "qassem soleimani" still matches.
    """

    def __call__(self, tokens):
        for token in tokens:
            if token.mode != "query" and not looks_like_name(token.text):
                continue
            key = name_key(token.text)
            if key is not None:
                token.text = key
                yield token


class NameTokenizer(Tokenizer):
    """Reads only the capitalized words of a document, and every word of a query.

    Only a capitalized word can get a key in a document (NameKeyFilter), and reading
    the others costs a sixth of all indexing time. Two words next to each other with
    only spaces between them keep neighbouring positions, so phrases match; any other
    gap leaves a position free.
    """

    every_word = RegexTokenizer(WORD_PATTERN)

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        if mode == "query" or not tokenize or chars:
            yield from self.every_word(
                value,
                positions=positions,
                chars=chars,
                keeporiginal=keeporiginal,
                removestops=removestops,
                start_pos=start_pos,
                start_char=start_char,
                tokenize=tokenize,
                mode=mode,
                **kwargs,
            )
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position, end = start_pos - 2, 0
        for match in CAPITALIZED_WORD.finditer(value):
            position += 1 if value[end : match.start()].isspace() else 2
            end = match.end()
            token.text = match.group()
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = position
            yield token


def names_analyzer():
    """Return the analyzer of the `names` field."""
    return NameTokenizer() | NameKeyFilter()
