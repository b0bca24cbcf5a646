"""The search box's query language, and its translation into a Whoosh query string.

What people can type:

    soleimani baghdad        articles with all the words (in any form: "rally" finds
                             "rallies")
    "islamic state"          the words side by side, in this order. Straight, “curly”,
                             „low“ and «angle» quotes all work; a quote left open runs to
                             the end of the query
    -iraq  -"islamic state"  leave out articles with that word or phrase; -(iran OR iraq)
                             leaves out a group. A query of exclusions only finds every
                             other article
    iran OR iraq             either word; "iran | iraq" too. Operators are written in
                             capitals, but an "or" in any case between two words or
                             phrases is OR too (the results page says so); NOT iraq
                             is -iraq, and AND may be written but is what spaces mean
    (iran OR iraq) oil       parentheses group words, and nest
    title:iran               the word in the title; also source: and author:, on a word,
                             a "phrase" or a group: title:(iran OR iraq)
    solei*                   words that start with "solei"; the star needs two letters
                             before it, otherwise it is ignored (and the page says so)

OR binds tighter than the spaces between clauses, as in most search engines:
`iran sanctions OR embargo` means iran AND (sanctions OR embargo). A minus or a
prefix applies to the word, phrase or group right after it and only when nothing
separates them: `title: iran` is the two words "title" and "iran", `iran-iraq` is one
word.

Words are runs of letters and digits in any script; an apostrophe, hyphen or dot
between two of them keeps them one word ("Iran's", "al-Muhandis", "U.S."), searched the
way the articles were indexed: al-Muhandis finds "al-Muhandis" and "al Muhandis",
Iran's finds "Iran". Case never matters. Everything else is ignored: punctuation,
emoji, prefixes other than the three above (`foo:bar` is the words "foo" and "bar"),
and parentheses that close nothing.

A query is read up to its 32nd word and 10 levels of parentheses, and its wildcards
stand for 500 words at most in all (query budget: the results page says what was
left out), so no query is too long to answer.
"""

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from archive.search.names import name_key
from archive.search.words import INDEX_WORD, STOP_WORDS
from archive.vocabulary.terms import INDEXED_ARTICLE

MAX_WORDS = 32
MAX_DEPTH = 10
# The words a whole query may search once its wildcards are expanded.
MAX_TERMS = 500
# The words one wildcard may stand for ("a*" would otherwise mean thousands).
WILDCARD_WORDS = 200
FIELDS = ("title", "source", "author")
# Every indexed article has this, so it stands for "all articles" in front of a NOT.
EVERY_ARTICLE = f"django_ct:{INDEXED_ARTICLE}"
VARIANT_BOOST = "0.5"

_QUOTES = '"“”„‟«»'
_WORD_PATTERN = r"\w+(?:['’.-]\w+)*"
_TOKEN = re.compile(
    rf"""
      (?P<field>(?i:{"|".join(FIELDS)})):(?=[\w{_QUOTES}(])
    | (?<![^\s(|])(?P<minus>-)(?=[\w{_QUOTES}(])
    | [{_QUOTES}](?P<phrase>[^{_QUOTES}]*)[{_QUOTES}]?
    | (?P<open>\()
    | (?P<close>\))
    | (?P<bar>\|)
    | (?P<word>{_WORD_PATTERN})(?P<star>\*(?!\w))?
    """,
    re.VERBOSE,
)
_WORD = re.compile(_WORD_PATTERN)
# Boolean operators as people type them elsewhere; AND is what spaces mean anyway.
_OPERATOR_WORDS = {"OR": "or", "NOT": "minus", "AND": None}
_PLAIN_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    """One word, in a field (None: the article's text) or as a prefix when wildcard."""

    text: str
    field: str | None = None
    wildcard: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must follow one another."""

    words: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True)
class Not:
    """Articles that do not match the node."""

    node: "Node"


@dataclass(frozen=True)
class And:
    """Articles that match all the nodes."""

    nodes: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    """Articles that match any of the nodes."""

    nodes: tuple["Node", ...]


Node = Term | Phrase | Not | And | Or


@dataclass(frozen=True)
class HighlightTerms:
    """The words to mark in snippets, and the beginnings of words searched with a star."""

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A typed query read: its tree, and what the results page should say of the reading."""

    node: "Node | None"
    ignored: str = ""  # what was typed after the last word read
    or_words: bool = False  # a lowercase "or" between two words was read as OR
    short_wildcards: tuple[str, ...] = ()  # "c*": too short for a star, searched as "c"


@dataclass(frozen=True)
class Expanded:
    """A query with its wildcards replaced by words, and the wildcards the budget cut."""

    node: "Node | None" = None
    narrowed: tuple[str, ...] = ()  # wildcards searched as only some of their words
    dropped: tuple[str, ...] = ()  # wildcards the budget could not search
    empty: bool = False  # what was left of the query can match no article


# Reading


def parse(text: str) -> Node | None:
    """Return the query typed in a search box as a tree, or None if it has nothing to search."""
    return read(text).node


def read(text: str) -> Reading:
    """Return the query read: its tree, what was typed after its last word read ('' when
    all of it was), and the readings the results page names."""
    tokens, ends = [], [0]
    for kind, value, end in _tokens(text):
        tokens.append((kind, value))
        ends.append(end)
    ignored = text[ends[-1] :].strip(_QUOTES + " ") if _words_left(tokens) <= 0 else ""
    tokens, or_words = _or_between_words(tokens)
    return Reading(
        _Parser(tokens).query(),
        # Punctuation after the last word read left out no word.
        ignored if _WORD.search(ignored) else "",
        or_words,
        tuple(_short_wildcards(text)),
    )


def _or_between_words(tokens):
    """Return the tokens with each "or" word between two words or phrases made the OR
    operator, and whether there was one: "trump or biden" plainly means either."""
    read, found = list(tokens), False
    for i in range(1, len(read) - 1):
        kind, value = read[i]
        if (
            kind == "word"
            and value == Term("or")
            and read[i - 1][0] in ("word", "phrase", "close")
            and read[i + 1][0] in ("word", "phrase", "open")
        ):
            read[i], found = ("or", None), True
    return read, found


def _short_wildcards(text: str) -> Iterator[str]:
    """Yield each word typed with a star that is too short to be a wildcard ("c*")."""
    for match in _TOKEN.finditer(text):
        if match["word"] and match["star"] and not _term(match["word"], starred=True).wildcard:
            yield match.group()


def _words_left(tokens) -> int:
    words = sum(
        1 if kind == "word" else len(value) if kind == "phrase" else 0 for kind, value in tokens
    )
    return MAX_WORDS - words


def _tokens(text: str) -> Iterator[tuple[str, object, int]]:
    """Yield (kind, value, end) tokens, within the word budget and with parentheses balanced."""
    words_left, depth, ignored_opens = MAX_WORDS, 0, 0
    for match in _TOKEN.finditer(text):
        kind, value = _token(match)
        if kind == "open":
            if depth == MAX_DEPTH:
                ignored_opens += 1
                continue
            depth += 1
        elif kind == "close":
            if ignored_opens:
                ignored_opens -= 1
                continue
            if not depth:
                continue  # it closes nothing
            depth -= 1
        end = match.end()
        if kind == "phrase":
            if len(value) > words_left:
                kept = list(_WORD.finditer(match["phrase"]))[words_left - 1]
                value, end = value[:words_left], match.start("phrase") + kept.end()
            words_left -= len(value)
        elif kind == "word":
            words_left -= 1
        if kind:
            yield kind, value, end
        if words_left <= 0:
            return


def _token(match: re.Match) -> tuple[str | None, object]:
    """Return the kind and value of a scanned token; None for one that means nothing."""
    kind = match.lastgroup
    if kind == "phrase":
        return "phrase", tuple(_lowercase(word) for word in _WORD.findall(match["phrase"]))
    if kind == "field":
        return "field", match["field"].lower()
    if kind == "bar":
        return "or", None
    if match["word"] in _OPERATOR_WORDS:
        return _OPERATOR_WORDS[match["word"]], None
    if match["word"]:
        return "word", _term(match["word"], starred=match["star"] is not None)
    return kind, None


def _term(word: str, *, starred: bool) -> Term:
    """Return the typed word as a Term: a prefix when starred after two plain letters."""
    text = _lowercase(word)
    wildcard = starred and len(text) >= 2 and _PLAIN_WORD.fullmatch(text) is not None
    return Term(text, wildcard=wildcard)


def _lowercase(word: str) -> str:
    return word.lower().replace("’", "'")


class _Parser:
    """Recursive descent over the tokens:

    sequence     := alternatives*
    alternatives := unary (OR unary)*
    unary        := ("-" | field ":")* operand
    operand      := word | phrase | "(" sequence ")"
    """

    def __init__(self, tokens: list[tuple[str, object]]):
        self.tokens = tokens
        self.position = 0

    def query(self) -> Node | None:
        return self._sequence()

    def _peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def _next(self) -> tuple[str, object]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _sequence(self) -> Node | None:
        clauses = []
        while self._peek() not in (None, "close"):
            clauses.append(self._alternatives())
        return _all_of(clauses)

    def _alternatives(self) -> Node | None:
        options = [self._unary()]
        while self._peek() == "or":
            self._next()
            if self._peek() not in (None, "close", "or"):
                options.append(self._unary())
        return _any_of(options)

    def _unary(self) -> Node | None:
        # A loop, not recursion: a long run of minuses and prefixes must not hit
        # Python's recursion limit.
        negated, field = False, None
        while self._peek() in ("minus", "field"):
            kind, value = self._next()
            if kind == "minus":
                negated = not negated
            else:
                field = value  # the innermost prefix wins: title:source:x is source:x
        operand = self._operand()
        if operand and field:
            operand = _in_field(operand, field)
        return _negated(operand) if operand and negated else operand

    def _operand(self) -> Node | None:
        if self._peek() in (None, "close"):
            return None
        kind, value = self._next()
        if kind == "word":
            return value
        if kind == "phrase":
            return Phrase(value) if value else None
        if kind == "open":
            group = self._sequence()
            if self._peek() == "close":
                self._next()
            return group
        return None  # an OR where a word should be


def _all_of(nodes: Sequence[Node | None]) -> Node | None:
    """Return an And of the nodes (nested Ands flattened), the only node, or None."""
    flat = tuple(part for node in nodes if node for part in _parts(node, And))
    return flat[0] if len(flat) == 1 else And(flat) if flat else None


def _any_of(nodes: Sequence[Node | None]) -> Node | None:
    """Return an Or of the nodes (nested Ors flattened), the only node, or None."""
    flat = tuple(part for node in nodes if node for part in _parts(node, Or))
    return flat[0] if len(flat) == 1 else Or(flat) if flat else None


def _parts(node: Node, kind: type) -> tuple[Node, ...]:
    return node.nodes if isinstance(node, kind) else (node,)


def _negated(node: Node) -> Node:
    return node.node if isinstance(node, Not) else Not(node)


def _in_field(node: Node, field: str) -> Node:
    """Return the node with the field given to every word and phrase that has none."""
    if isinstance(node, Term | Phrase):
        return node if node.field else replace(node, field=field)
    if isinstance(node, Not):
        return Not(_in_field(node.node, field))
    return type(node)(tuple(_in_field(part, field) for part in node.nodes))


# Alias groups


def expand_aliases(node: Node, aliases: Mapping[str, Sequence[str]]) -> Node:
    """Return the node with each word or phrase of an alias group replaced by the whole group.

    `aliases` maps a casefolded member ("isil", "islamic state") to all the members of
    its group (["ISIL", "ISIS", "Daesh", "Islamic State"]). Only words and phrases
    searched in the article's text are expanded; wildcards and prefixed ones are not.
    """
    if isinstance(node, Not):
        return Not(expand_aliases(node.node, aliases))
    if isinstance(node, And | Or):
        return type(node)(tuple(expand_aliases(part, aliases) for part in node.nodes))
    if node.field or (isinstance(node, Term) and node.wildcard):
        return node
    members = aliases.get(" ".join(_typed(node)).casefold())
    if not members:
        return node
    return _any_of(list(dict.fromkeys(_member(member) for member in members))) or node


def query_fields(node: Node | None) -> set[str | None]:
    """Return the fields the node's words and phrases are searched in (None: the text)."""
    if node is None:
        return set()
    if isinstance(node, Not):
        return query_fields(node.node)
    if isinstance(node, And | Or):
        return set().union(*(query_fields(part) for part in node.nodes))
    return {node.field}


def expand_source_aliases(node: Node, names_for: Callable[[str], Sequence[str]]) -> Node:
    """Return the node with each source: word or phrase that names a source by one of its
    aliases also searching the source's own name.

    `names_for(typed)` returns the names of the sources that `typed` ("firstpost.com") is
    an alias of; the index holds each article's source by its name.
    """
    if isinstance(node, Not):
        return Not(expand_source_aliases(node.node, names_for))
    if isinstance(node, And | Or):
        return type(node)(tuple(expand_source_aliases(part, names_for) for part in node.nodes))
    if node.field != "source" or (isinstance(node, Term) and node.wildcard):
        return node
    names = [_member(name) for name in names_for(" ".join(_typed(node)))]
    return _any_of([node, *(_in_field(name, "source") for name in names if name)])


def expand_wildcards(
    node: Node, words_for: Callable[[str, str, int], Sequence[str]], budget: int = MAX_TERMS
) -> Expanded:
    """Return the node with each wildcard replaced by the words it stands for.

    `words_for(field, prefix, limit)` returns up to `limit` indexed words of a field that
    start with the prefix. A field's index holds stems ("commemorate" as "commemor"),
    which a typed prefix ("commemorat*") would miss; the words themselves, searched as
    words, do not. A wildcard that stands for no word is kept, and finds what the
    index's stems give.

    The query's words and the wildcards' words together stay within `budget`: each
    wildcard takes at most WILDCARD_WORDS of what is left, in the order typed. The
    budget only ever narrows what is found, never widens it: a wildcard cut short finds
    fewer articles; one that cannot be searched whole where it excludes, or at all
    where it is wanted, makes its part of the query match nothing (`empty` when that is
    the whole query).
    """
    left = budget - _plain_words(node)
    narrowed, dropped = [], []

    def expand(node, wanted=True):
        nonlocal left
        if isinstance(node, Not):
            inner = expand(node.node, not wanted)
            return _flipped.get(inner) or Not(inner)
        if isinstance(node, And | Or):
            return _combined(type(node), [expand(part, wanted) for part in node.nodes])
        if not (isinstance(node, Term) and node.wildcard):
            return node
        unsearchable = _NOTHING if wanted else _EVERYTHING
        if left <= 0:
            dropped.append(f"{node.text}*")
            return unsearchable
        limit = min(WILDCARD_WORDS, left)
        field = node.field or "text"
        words = list(words_for(field, node.text, limit + 1))
        if len(words) > limit:
            if not wanted:  # excluding only some of its words would show the others
                dropped.append(f"{node.text}*")
                return unsearchable
            narrowed.append(f"{node.text}*")
            words = words[:limit]
        left -= max(len(words), 1)
        # With the field named, the words are searched as written: no spelling variants.
        return _any_of([Term(word, field=field) for word in words]) or node

    expanded = expand(node)
    if expanded is _NOTHING:
        return Expanded(None, tuple(narrowed), tuple(dropped), empty=True)
    return Expanded(expanded, tuple(narrowed), tuple(dropped))


# What a wildcard the budget cannot search stands for: no article where it is wanted,
# every article where it is excluded. Neither survives into a returned query.
_NOTHING, _EVERYTHING = object(), object()
_flipped = {_NOTHING: _EVERYTHING, _EVERYTHING: _NOTHING}


def _combined(kind: type, parts: list) -> object:
    """Return And or Or of `parts`, with the two stand-ins above worked out of it."""
    absorbing, neutral = (_NOTHING, _EVERYTHING) if kind is And else (_EVERYTHING, _NOTHING)
    if absorbing in parts:
        return absorbing
    parts = [part for part in parts if part is not neutral]
    if not parts:
        return neutral
    return _all_of(parts) if kind is And else _any_of(parts)


def _plain_words(node: Node) -> int:
    """Return how many words the node searches apart from its wildcards."""
    if isinstance(node, Not):
        return _plain_words(node.node)
    if isinstance(node, And | Or):
        return sum(map(_plain_words, node.nodes))
    if isinstance(node, Phrase):
        return len(node.words)
    return 0 if node.wildcard else 1


def _member(name: str) -> Term | Phrase | None:
    """Return an alias group member as a word, or as a phrase when it has several words."""
    words = tuple(_lowercase(word) for word in _WORD.findall(name))
    if len(words) > 1:
        return Phrase(words)
    return Term(words[0]) if words else None


# Writing for Whoosh


def to_whoosh(
    node: Node, *, aliases: Mapping[str, Sequence[str]] | None = None, variants: bool = True
) -> str:
    """Return the query as a Whoosh query string for a parser whose default field is "text".

    Words and phrases searched in the article's text also search the `names` field
    (spelling variants of names) with a lower boost when `variants` is on, so exact
    spellings rank first. Nothing typed reaches the string but the tree's words, each
    bare when made of letters and digits only and quoted otherwise, so Whoosh reads the
    string whole, whatever was typed.
    """
    if aliases:
        node = expand_aliases(node, aliases)
    compiled = _compile(node, variants)
    return f"{EVERY_ARTICLE} AND {compiled}" if _excludes_only(node) else compiled


def _compile(node: Node, variants: bool) -> str:
    """Return the node as one Whoosh clause: a field:word, a NOT, or a parenthesized group."""
    if isinstance(node, Term) and node.wildcard:
        return f"{node.field or 'text'}:{node.text}*"
    if isinstance(node, Term):
        return _clause(
            node.field, _quoted(node.text), variants=variants and _all_names([node.text])
        )
    if isinstance(node, Phrase):
        phrase = f'"{" ".join(node.words)}"'
        return _clause(node.field, phrase, variants=variants and _all_names(node.words))
    if isinstance(node, Not):
        return f"NOT {_compile(node.node, variants)}"
    operator = " AND " if isinstance(node, And) else " OR "
    return f"({operator.join(_compile(part, variants) for part in node.nodes)})"


def _all_names(words: Sequence[str]) -> bool:
    """Tell whether every word may be a name, so that its spellings are worth searching.

    A phrase with a common word ("islamic state") would lose that word in the names
    field and match far more than the phrase.
    """
    return all(name_key(part) for word in words for part in INDEX_WORD.findall(word))


def _clause(field: str | None, value: str, *, variants: bool) -> str:
    if field:
        return f"{field}:{value}"
    if not variants:
        return f"text:{value}"
    # Whoosh drops the boost of a quoted value its analyzer reads as one word ("u.s"),
    # unless the boost is on a group around it.
    names = f"names:{value}" if _PLAIN_WORD.fullmatch(value) else f"(names:{value})"
    return f"(text:{value} OR {names}^{VARIANT_BOOST})"


def _quoted(word: str) -> str:
    """Return a plain word as is; quote one with inner punctuation so each field's
    analyzer splits it the way it split the articles ("al-muhandis": al, muhandis)."""
    return word if _PLAIN_WORD.fullmatch(word) else f'"{word}"'


def _excludes_only(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, And | Or):
        return all(_excludes_only(part) for part in node.nodes)
    return False


# What the results page needs


def highlight_terms(node: Node | None) -> HighlightTerms:
    """Return the words to mark in snippets: those searched for (not excluded) in the
    article's text or title, as the index knows them (no stop words, no single letters)."""
    words, prefixes = set(), []
    for searched in _searched(node):
        if isinstance(searched, Term) and searched.wildcard:
            prefixes.append(searched.text)
            continue
        words.update(
            word
            for text in _typed(searched)
            for word in INDEX_WORD.findall(text)
            if len(word) > 1 and word not in STOP_WORDS
        )
    return HighlightTerms(frozenset(words), tuple(dict.fromkeys(prefixes)))


def unsearched_words(node: Node | None) -> list[str]:
    """Return the searched plain words that the index leaves out, in order: words too
    common to index ("the") and single letters."""
    words = [
        word
        for searched in _searched(node)
        if isinstance(searched, Term) and not searched.wildcard
        for word in INDEX_WORD.findall(searched.text)
        if len(word) < 2 or word in STOP_WORDS
    ]
    return list(dict.fromkeys(words))


def correctable_words(node: Node | None) -> list[str]:
    """Return the words a spelling suggestion may change: the searched words typed outside
    quotes that the index holds (no stop words or single letters)."""
    words = [
        searched.text
        for searched in _searched(node)
        if isinstance(searched, Term) and not searched.wildcard
    ]
    unsearched = set(unsearched_words(node))
    return [
        word
        for word in dict.fromkeys(words)
        if _PLAIN_WORD.fullmatch(word) and not word.isdigit() and word not in unsearched
    ]


def spelling_words(node: Node | None) -> list[str]:
    """Return the searched (not excluded) plain words of the text and title, in order,
    for a "Did you mean" suggestion; words with a star, digits only or punctuation are left out."""
    words = []
    for searched in _searched(node):
        if isinstance(searched, Term) and searched.wildcard:
            continue
        words.extend(w for w in _typed(searched) if _PLAIN_WORD.fullmatch(w) and not w.isdigit())
    return list(dict.fromkeys(words))


def _searched(node: Node | None, excluded: bool = False) -> Iterator[Term | Phrase]:
    """Yield the words and phrases searched for in the text or title, not those excluded."""
    if node is None:
        return
    if isinstance(node, Not):
        yield from _searched(node.node, not excluded)
    elif isinstance(node, And | Or):
        for part in node.nodes:
            yield from _searched(part, excluded)
    elif not excluded and node.field in (None, "title"):
        yield node


def _typed(node: Term | Phrase) -> tuple[str, ...]:
    return (node.text,) if isinstance(node, Term) else node.words


def replace_words(text: str, replacements: Mapping[str, str]) -> str:
    """Return the typed query with some words outside quotes replaced (keys are lowercase
    words, as correctable_words gives them), keeping everything else the user typed."""
    pieces, position = [], 0
    for start, end, word in _typed_words(text):
        replacement = replacements.get(word.lower())
        if replacement is not None:
            pieces += [text[position:start], replacement]
            position = end
    return "".join(pieces) + text[position:]


def _typed_words(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, word) for each word of the query outside quotes; not for
    wildcards, prefixes or OR."""
    for match in _TOKEN.finditer(text):
        if (
            match["word"]
            and match["word"] not in _OPERATOR_WORDS
            and not _term(match["word"], starred=match["star"] is not None).wildcard
        ):
            yield match.start("word"), match.end("word"), match["word"]
