"""Running a search: the user's words and filters in; results, counts and hints out.

Everything our search adds on top of Haystack is composed here: the query language
(query.py), name variants, editors' alias groups, filters and facet counts.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date

from haystack.inputs import Raw
from haystack.query import SearchQuerySet

from archive.ingest.sources import source_key
from archive.models import AliasGroup, Article, Source, SourceAlias
from archive.search.engines import capabilities, search_backend
from archive.search.names import same_name
from archive.search.query import (
    EVERY_ARTICLE,
    MAX_TERMS,
    MAX_WORDS,
    Expanded,
    Reading,
    correctable_words,
    expand_aliases,
    expand_source_aliases,
    expand_wildcards,
    highlight_terms,
    query_fields,
    read,
    replace_words,
    spelling_words,
    to_whoosh,
    unsearched_words,
)
from archive.search.snippets import snippet
from archive.vocabulary.body import plain_text

# At most this many results, and a suggestion for the spelling is offered.
FEW_RESULTS = 3
# ...for a query of at most this many words: each costs a look through the index's words.
SPELLING_WORDS = 6
WORD = re.compile(r"[^\W\d_]+")
SORTS = {"relevance": None, "newest": "-published", "oldest": "published"}


@dataclass(frozen=True)
class Criteria:
    """What a search asks for: the typed query and the filters beside it."""

    text: str = ""
    published_from: date | None = None
    published_to: date | None = None
    sources: tuple[str, ...] = ()
    needs_review: bool = False
    sort: str = "relevance"
    exact: bool = False
    # From was after To, so the two were swapped: a reversed range is never what is meant.
    dates_swapped: bool = False

    @classmethod
    def from_form(cls, form, user):
        """Return the criteria of a bound SearchForm; invalid fields are left out."""
        data = form.cleaned_data if form.is_bound else {}
        first, last = data.get("published_from"), data.get("published_to")
        swapped = bool(first and last and first[0] > last[1])
        if swapped:
            first, last = last, first
        return cls(
            text=data.get("q", ""),
            published_from=first[0] if first else None,
            published_to=last[1] if last else None,
            sources=tuple(data.get("source") or ()),
            needs_review=bool(data.get("review")) and user.is_staff,
            sort=data.get("sort") or "relevance",
            exact=bool(data.get("exact")),
            dates_swapped=swapped,
        )

    @property
    def filtered(self):
        return bool(self.published_from or self.published_to or self.sources or self.needs_review)


@dataclass
class Search:
    """A search ready to run: its parsed query and its Haystack SearchQuerySet."""

    criteria: Criteria
    query: object
    results: SearchQuerySet | None
    aliases: dict = field(default_factory=dict)
    facets: dict = field(default_factory=dict)
    # How the typed text was read (with what was typed past MAX_WORDS), and the wildcards
    # the query budget cut.
    reading: Reading = field(default_factory=lambda: Reading(None))
    expanded: Expanded = field(default_factory=Expanded)

    @property
    def asked(self):
        return self.results is not None

    @property
    def stopped_early(self):
        """Tell whether the engine stopped matching at ARCHIVE_SEARCH_MILLISECONDS, so the
        results are those found by then (once the results have been read)."""
        if not (self.asked and capabilities().time_budget):
            return False
        return getattr(self.results.query, "stopped_early", False)

    def read_as(self):
        """Return what the results page says of how the query was read, a sentence each."""
        notes = []
        if self.reading.or_words:
            notes.append('"or" between two words was read as OR: articles with either are found.')
        if short := self.reading.short_wildcards:
            notes.append(
                f"{', '.join(short)}: a wildcard needs at least two letters before the star, "
                "so the star was ignored."
            )
        if unsearched := unsearched_words(self.query):
            quoted = ", ".join(f'"{word}"' for word in unsearched)
            notes.append(
                f"{quoted}: too common or too short to be searched, so left out of the search."
            )
        criteria = self.criteria
        if criteria.dates_swapped:
            notes.append(
                "From was after To, so the dates were swapped: searched from "
                f"{criteria.published_from:%-d %B %Y} to {criteria.published_to:%-d %B %Y}."
            )
        return notes

    def left_out(self):
        """Return what the results page says the query budget left out, a sentence each."""
        notes = []
        if ignored := self.reading.ignored:
            notes.append(
                f"Only the first {MAX_WORDS} words were searched; these were left out: {ignored}"
            )
        if narrowed := self.expanded.narrowed:
            notes.append(
                f"{', '.join(narrowed)} stood for too many words: only the first ones were searched."
            )
        if dropped := self.expanded.dropped:
            notes.append(
                f"{', '.join(dropped)} could not be searched: the search already had "
                f"{MAX_TERMS} words, so no article is shown that it might not match."
            )
        return notes

    def counts(self, facet):
        """Return [(value, count)] of a facet over the whole result set, largest first."""
        if not self.asked:
            return []
        if not self.facets:
            self.facets = self.results.facet_counts().get("fields", {})
        return [(value, count) for value, count in self.facets.get(facet, []) if value]


def build_search(criteria):
    """Return the Search for `criteria`; with neither words nor filters, nothing is searched."""
    reading = read(criteria.text)
    query = reading.node
    if query is None and not criteria.filtered:
        return Search(criteria, None, None, reading=reading)
    expanded = Expanded(query)
    aliases = alias_map()
    engine = capabilities()
    if not engine.query_strings:
        # An engine that reads no query string (Haystack's simple backend matches words
        # in the database) gets what was typed through Haystack's auto_query, which
        # knows "phrases" and -exclusions, and the same filters as any other engine.
        results = SearchQuerySet().auto_query(criteria.text) if query else SearchQuerySet().all()
    else:
        if query:
            query = expand_source_aliases(query, source_names_for(query))
            expanded = expand_wildcards(query, indexed_words)
        if expanded.node:
            # Name variants need the `names` field's analyzer, which only our Whoosh schema has.
            variants = not criteria.exact and engine.index_words
            content = to_whoosh(expanded.node, aliases=aliases, variants=variants)
        else:
            content = EVERY_ARTICLE
        # Whoosh's, Elasticsearch's and Solr's query parsers all read this Lucene-like string.
        results = SearchQuerySet().filter(content=Raw(content))
        if expanded.empty:
            results = results.none()
    if criteria.published_from:
        results = results.filter(published__gte=criteria.published_from)
    if criteria.published_to:
        results = results.filter(published__lte=criteria.published_to)
    if criteria.sources:
        results = results.filter(source_slug__in=list(criteria.sources))
    if criteria.needs_review:
        results = results.filter(needs_review=True)
    if order := SORTS.get(criteria.sort):
        results = results.order_by(order)
    for facet in ("source_name", "year", "month"):
        results = results.facet(facet)
    return Search(criteria, query, results, aliases, reading=reading, expanded=expanded)


def source_names_for(query):
    """Return names_for(typed) for expand_source_aliases: the names of the sources that the
    typed words are an alias of (one query, and only for a query with a source: prefix)."""
    if "source" not in query_fields(query):
        return lambda typed: []
    names = {}
    for key, name in SourceAlias.objects.values_list("key", "source__name"):
        names.setdefault(key, []).append(name)
    return lambda typed: names.get(source_key(typed), [])


def indexed_words(field, prefix, limit):
    """Return up to `limit` words of `field`, as written, that start with `prefix`.

    An engine whose words cannot be read gives none, so the wildcard goes to it as typed
    (word*), for its own query parser to expand.
    """
    if not capabilities().index_words:
        return []
    return search_backend().words_starting(field, prefix, limit)


def alias_map():
    """Return {member, casefolded: all members of its group} for every alias group."""
    return {
        member.casefold(): members
        for members in (group.member_list for group in AliasGroup.objects.all())
        for member in members
    }


@dataclass(frozen=True)
class Hit:
    """One result on a page: the article and a snippet of its text, as (text, marked) pieces."""

    article: Article
    snippet: list


def hits(search, page_results):
    """Return the Hits of one page of results, loading their articles in one query."""
    articles = Article.objects.with_related().in_order([int(result.pk) for result in page_results])
    terms = highlight_terms(expand_aliases(search.query, search.aliases)) if search.query else None
    same_word = None if search.criteria.exact else same_name
    return [
        Hit(
            article,
            snippet(plain_text(article.blocks), terms, same_word=same_word) if terms else [],
        )
        for article in articles
    ]


def matched_variants(search, page_hits):
    """Return the other spellings of the query's words that the page's articles contain."""
    if search.criteria.exact or search.query is None or not capabilities().index_words:
        return []  # variants are searched only where the index's words are read
    words = set(spelling_words(search.query))
    found = set()
    for hit in page_hits:
        for token in set(WORD.findall(plain_text(hit.article.blocks))):
            # Only capitalized words are keyed in the index (names.py).
            if not token[:1].isupper() or token.casefold() in words:
                continue
            if any(same_name(token, word) for word in words):
                found.add(token)
    return sorted(found, key=str.casefold)


def spelling_suggestion(search, total):
    """Return the query with misspelt words corrected, or None when there is nothing to offer.

    Only words the index lacks are corrected, never inside quotes, and the correction is
    offered only when it finds clearly more: at least twice as many results and one more.
    """
    if search.query is None or total > FEW_RESULTS:
        return None
    words = correctable_words(search.query)
    if len(words) > SPELLING_WORDS:
        return None
    if not capabilities().index_words:
        corrections = engine_corrections(words)
    else:
        backend = search_backend()
        corrections = {}
        for word in words:
            if backend.knows_word("text", word):
                continue
            if (correction := backend.closest_word("text", word)) and correction != word:
                corrections[word] = correction
    if not corrections:
        return None
    suggestion = replace_words(search.criteria.text, corrections)
    if suggestion.casefold() == search.criteria.text.casefold():
        return None
    found = build_search(replace(search.criteria, text=suggestion)).results.count()
    return suggestion if found >= 2 * total + 1 else None


def engine_corrections(words):
    """Return {word: correction} from Haystack's own spelling suggestion, on an engine whose
    words cannot be read; nothing when the engine has none (INCLUDE_SPELLING off, as in the
    simple backend).

    The engine suggests for the words alone, not for the compiled query with its field
    names. Its suggestion is read word for word when it has as many words; a suggested
    word that begins the typed one is the engine echoing its stem back, not a correction.
    """
    if not words or not capabilities().spelling:
        return {}
    suggestion = SearchQuerySet().spelling_suggestion(" ".join(words)) or ""
    suggested = suggestion.lower().split()
    if len(suggested) != len(words):
        return {}
    return {
        word: correction
        for word, correction in zip(words, suggested)
        if correction != word and not word.startswith(correction)
    }


def source_counts(search):
    """Return [(Source, count)] for the results' sources, largest first, in one query."""
    counts = search.counts("source_name")
    sources = Source.objects.in_bulk([name for name, _ in counts], field_name="name")
    return [(sources[name], count) for name, count in counts if name in sources]
