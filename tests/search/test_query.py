import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as whoosh_query
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from archive.search.names import name_key
from archive.search.query import (
    And,
    HighlightTerms,
    Not,
    Or,
    Phrase,
    Reading,
    Term,
    correctable_words,
    expand_aliases,
    expand_wildcards,
    highlight_terms,
    parse,
    read,
    replace_words,
    spelling_words,
    to_whoosh,
    unsearched_words,
)

ISIS = ["ISIL", "ISIS", "Daesh", "Islamic State"]
ALIASES = {member.casefold(): ISIS for member in ISIS}


def index_schema():
    """The fields of the archive's index, analyzed as the index analyzes them."""
    return Schema(
        id=ID(stored=True),
        text=TEXT(analyzer=StemmingAnalyzer()),
        title=TEXT(analyzer=StemmingAnalyzer()),
        source=TEXT(analyzer=StemmingAnalyzer()),
        author=TEXT(analyzer=StemmingAnalyzer()),
        names=TEXT(),
        django_ct=ID(),
    )


def verbatim_schema():
    """The same fields with an analyzer that drops nothing, to see every word Whoosh read."""
    fields = {
        name: TEXT(analyzer=RegexTokenizer() | LowercaseFilter())
        for name in ("text", "title", "source", "author", "names")
    }
    return Schema(django_ct=ID(), **fields)


INDEX_PARSER = QueryParser("text", index_schema())
VERBATIM_PARSER = QueryParser("text", verbatim_schema())
INDEX_WORD = re.compile(r"\w+(?:\.\w+)*")


def whoosh_meant(node, variants):
    """Return the Whoosh query the tree means, built from Whoosh's own query classes."""
    if isinstance(node, Not):
        return whoosh_query.Not(whoosh_meant(node.node, variants))
    if isinstance(node, And | Or):
        parts = [whoosh_meant(part, variants) for part in node.nodes]
        return whoosh_query.And(parts) if isinstance(node, And) else whoosh_query.Or(parts)
    if isinstance(node, Term) and node.wildcard:
        return whoosh_query.Prefix(node.field or "text", node.text)
    typed = (node.text,) if isinstance(node, Term) else node.words
    words = [word for text in typed for word in INDEX_WORD.findall(text)]

    def clause(field, boost=1.0):
        if len(words) == 1:
            return whoosh_query.Term(field, words[0], boost=boost)
        return whoosh_query.Phrase(field, words, boost=boost)

    if node.field:
        return clause(node.field)
    if variants and all(name_key(word) for word in words):
        return whoosh_query.Or([clause("text"), clause("names", 0.5)])
    return clause("text")


def compile_checked(text, *, aliases=None, variants=True):
    """Return to_whoosh(parse(text)), after checking Whoosh's parser reads exactly the
    query meant (with an analyzer that drops nothing) and reads it without error."""
    node = parse(text)
    assert node is not None
    compiled = to_whoosh(node, aliases=aliases, variants=variants)
    INDEX_PARSER.parse(compiled)
    meant = whoosh_meant(expand_aliases(node, aliases or {}), variants)
    if compiled.startswith("django_ct:archive.article AND "):
        meant = whoosh_query.And([whoosh_query.Term("django_ct", "archive.article"), meant])
    assert VERBATIM_PARSER.parse(compiled) == meant.normalize()
    return compiled


# Words, phrases, exclusions


def test_words_must_all_match():
    """Words typed side by side must all be in the article, lowercased."""
    assert parse("Soleimani Baghdad") == And((Term("soleimani"), Term("baghdad")))
    assert compile_checked("Soleimani Baghdad", variants=False) == (
        "(text:soleimani AND text:baghdad)"
    )


def test_a_single_word_is_a_term():
    """One word is just that word, searched with its name variants ranked lower."""
    assert parse("Tehran") == Term("tehran")
    assert compile_checked("Tehran") == "(text:tehran OR names:tehran^0.5)"


def test_quoted_words_are_an_exact_phrase():
    """Double quotes make the words a phrase."""
    assert parse('"Islamic State" attack') == And((Phrase(("islamic", "state")), Term("attack")))
    assert compile_checked('"Qassem Soleimani"') == (
        '(text:"qassem soleimani" OR (names:"qassem soleimani")^0.5)'
    )


def test_a_phrase_with_a_common_word_is_not_searched_for_name_variants():
    """'state' has no spellings to vary, and without it the names field would match any 'Islamic'."""
    assert compile_checked('"Islamic State"') == 'text:"islamic state"'


@pytest.mark.parametrize(
    "typed",
    ["“Islamic State”", "„Islamic State“", "«Islamic State»", "»Islamic State«", "”Islamic State”"],
)
def test_curly_low_and_angle_quotes_make_phrases_too(typed):
    """Typographic quotes of any language work like straight ones."""
    assert parse(typed) == Phrase(("islamic", "state"))
    compile_checked(typed)


def test_an_unclosed_quote_runs_to_the_end():
    """A quote left open makes a phrase of the rest of the query."""
    assert parse('attack "islamic state') == And((Term("attack"), Phrase(("islamic", "state"))))
    compile_checked('attack "islamic state')


def test_an_empty_phrase_is_ignored():
    """Quotes with nothing searchable inside add nothing."""
    assert parse('iran "" "!?"') == Term("iran")


def test_minus_excludes_a_word():
    """-word leaves out the articles with that word."""
    assert parse("soleimani -baghdad") == And((Term("soleimani"), Not(Term("baghdad"))))
    assert compile_checked("soleimani -baghdad", variants=False) == (
        "(text:soleimani AND NOT text:baghdad)"
    )


def test_minus_excludes_a_phrase():
    """-"phrase" leaves out the articles with that phrase."""
    assert parse('iraq -"islamic state"') == And((Term("iraq"), Not(Phrase(("islamic", "state")))))
    compile_checked('iraq -"islamic state"')


def test_minus_excludes_a_group():
    """-(a OR b) leaves out the articles with either word."""
    assert parse("oil -(iran OR iraq)") == And((Term("oil"), Not(Or((Term("iran"), Term("iraq"))))))
    compile_checked("oil -(iran OR iraq)")


def test_a_hyphen_inside_or_after_a_word_does_not_exclude():
    """Only a minus at the start of a word excludes: "Iran-Iraq" and "Iran - Iraq" do not."""
    assert parse("Iran-Iraq war") == And((Term("iran-iraq"), Term("war")))
    assert parse("Iran - Iraq") == And((Term("iran"), Term("iraq")))
    assert parse("Iran--Iraq") == And((Term("iran"), Term("iraq")))


def test_a_double_exclusion_cancels_out():
    """-(-word) is the word itself."""
    assert parse("-(-iran)") == Term("iran")


def test_capital_not_excludes_and_capital_and_is_ignored():
    """NOT works like a minus and AND like a space, as in other boolean search boxes."""
    assert parse("iran NOT iraq") == parse("iran -iraq")
    assert parse("iran AND iraq") == parse("iran iraq")
    assert parse("iran not and iraq") == And((Term("iran"), Term("not"), Term("and"), Term("iraq")))


def test_a_query_of_exclusions_only_finds_every_other_article():
    """Exclusions alone are taken out of all the articles."""
    assert compile_checked("-iran", variants=False) == "django_ct:archive.article AND NOT text:iran"
    assert compile_checked('-iran -"islamic state"') == (
        "django_ct:archive.article AND (NOT (text:iran OR names:iran^0.5)"
        ' AND NOT text:"islamic state")'
    )
    assert compile_checked("-iran OR -iraq").startswith("django_ct:archive.article AND ")


def test_an_exclusion_beside_a_word_does_not_search_every_article():
    """A query with something to find keeps its exclusions as they are."""
    assert not compile_checked("oil -iran").startswith("django_ct")
    assert not compile_checked("oil OR -iran").startswith("django_ct")


# OR and parentheses


def test_or_binds_tighter_than_spaces():
    """As in most search engines, `a b OR c` means a AND (b OR c)."""
    assert parse("iran sanctions OR embargo") == And(
        (Term("iran"), Or((Term("sanctions"), Term("embargo"))))
    )
    assert compile_checked("iran sanctions OR embargo", variants=False) == (
        "(text:iran AND (text:sanctions OR text:embargo))"
    )


def test_ors_chain_and_spaces_separate_them():
    """`a OR b c OR d` is (a OR b) AND (c OR d)."""
    assert parse("iran OR iraq oil OR gas") == And(
        (Or((Term("iran"), Term("iraq"))), Or((Term("oil"), Term("gas"))))
    )


def test_a_bar_means_or():
    """`a | b` and `a|b` are a OR b."""
    assert parse("iran | iraq") == Or((Term("iran"), Term("iraq")))
    assert parse("iran|iraq") == Or((Term("iran"), Term("iraq")))
    compile_checked("iran || iraq")


def test_an_or_between_two_words_is_or_in_any_case_and_is_said():
    """ "trump or biden" plainly means either; where it stands alone it is an ordinary word."""
    for typed in ("iran or iraq", "iran Or iraq"):
        assert read(typed) == Reading(Or((Term("iran"), Term("iraq"))), or_words=True)
    assert read('"hong kong" or (iran iraq)').node == Or(
        (Phrase(("hong", "kong")), And((Term("iran"), Term("iraq"))))
    )
    assert read("or iran") == Reading(And((Term("or"), Term("iran"))))
    assert read("iran or") == Reading(And((Term("iran"), Term("or"))))
    assert read('"iran or iraq"').node == Phrase(("iran", "or", "iraq"))


def test_a_star_after_one_letter_is_named():
    assert read("c* iran").short_wildcards == ("c*",)
    assert read("co* iran").short_wildcards == ()


def test_the_words_the_index_leaves_out_are_named():
    assert unsearched_words(parse("the c war -of")) == ["the", "c"]


def test_only_words_outside_quotes_the_index_holds_may_be_corrected():
    assert correctable_words(parse('"following trump to nowhere" the plage title:x 2024')) == [
        "plage"
    ]


def test_an_or_with_nothing_on_one_side_is_ignored():
    """A leading, trailing or doubled OR does not spoil the query."""
    assert parse("OR iran") == Term("iran")
    assert parse("iran OR") == Term("iran")
    assert parse("iran OR OR iraq") == Or((Term("iran"), Term("iraq")))
    assert parse("(iran OR) iraq") == And((Term("iran"), Term("iraq")))


def test_parentheses_group_and_nest():
    """Parentheses group clauses, at any depth up to ten."""
    assert parse("(iran OR iraq) (oil (exports OR imports))") == And(
        (
            Or((Term("iran"), Term("iraq"))),
            Term("oil"),
            Or((Term("exports"), Term("imports"))),
        )
    )
    compile_checked("(iran OR iraq) (oil (exports OR imports))")


def test_unbalanced_parentheses_are_closed_or_ignored():
    """An open parenthesis closes at the end; one closing nothing is ignored."""
    assert parse("(iran OR iraq") == Or((Term("iran"), Term("iraq")))
    assert parse("iran) OR (iraq") == Or((Term("iran"), Term("iraq")))
    assert parse("((((iran") == Term("iran")
    compile_checked(")) iran ((( OR iraq")


# Prefixes


def test_a_prefix_searches_a_field_for_a_word():
    """title:, source: and author: search that field, in any case."""
    assert parse("title:Iran") == Term("iran", field="title")
    assert parse("Source:reuters AUTHOR:doe") == And(
        (Term("reuters", field="source"), Term("doe", field="author"))
    )
    assert compile_checked("title:Iran") == "title:iran"


def test_a_prefix_searches_a_field_for_a_phrase():
    """source:"new york times" is the phrase in the source field."""
    assert parse('source:"new york times"') == Phrase(("new", "york", "times"), field="source")
    assert compile_checked('source:"new york times"') == 'source:"new york times"'


def test_a_prefix_on_a_group_applies_to_every_word_in_it():
    """title:(iran OR iraq) looks for either word in the title."""
    assert parse("title:(iran OR iraq -syria)") == And(
        (
            Or((Term("iran", field="title"), Term("iraq", field="title"))),
            Not(Term("syria", field="title")),
        )
    )
    assert compile_checked("title:(iran OR iraq)") == "(title:iran OR title:iraq)"


def test_a_prefix_inside_a_group_keeps_its_own_field():
    """In title:(iran source:reuters) the inner prefix wins."""
    assert parse("title:(iran source:reuters)") == And(
        (Term("iran", field="title"), Term("reuters", field="source"))
    )


def test_an_excluded_prefix():
    """-title:iran leaves out articles with iran in the title."""
    assert parse("-title:iran") == Not(Term("iran", field="title"))
    assert compile_checked("-title:iran") == "django_ct:archive.article AND NOT title:iran"


def test_a_prefix_followed_by_a_space_is_a_word():
    """`title: iran` and a lone `title:` are ordinary words."""
    assert parse("title: iran") == And((Term("title"), Term("iran")))
    assert parse("title:") == Term("title")


@pytest.mark.parametrize(
    "typed, words",
    [
        ("foo:bar", ("foo", "bar")),
        ("http://example.com/path", ("http", "example.com", "path")),
        ("names:qasem", ("names", "qasem")),
        ("django_ct:archive.article", ("django_ct", "archive.article")),
    ],
)
def test_other_prefixes_are_ordinary_words(typed, words):
    """Only the three known prefixes search a field; anything else is words."""
    assert parse(typed) == And(tuple(Term(word) for word in words))
    compile_checked(typed)


# Wildcards


def test_a_trailing_star_searches_the_beginning_of_words():
    """solei* finds words starting with solei; it has no name variants."""
    assert parse("Solei*") == Term("solei", wildcard=True)
    assert compile_checked("Solei*") == "text:solei*"
    assert compile_checked("title:solei*") == "title:solei*"


def test_a_star_needs_two_letters_before_it():
    """s* is the plain word s, and a lone star is nothing."""
    assert parse("s*") == Term("s")
    assert parse("*") is None
    assert parse("so*") == Term("so", wildcard=True)


def test_a_star_inside_a_word_or_after_punctuation_is_ignored():
    """Only a star ending a plain word is a wildcard."""
    assert parse("sol*ani") == And((Term("sol"), Term("ani")))
    assert parse("al-muh*") == Term("al-muh")
    assert parse("iran *") == Term("iran")


# Words with punctuation inside, other scripts


def test_hyphenated_and_possessive_words_stay_one_word():
    """ "al-Muhandis", "Iran's" and "U.S." are single words, searched as the index split them."""
    assert parse("al-Muhandis Iran’s U.S.") == And(
        (Term("al-muhandis"), Term("iran's"), Term("u.s"))
    )
    assert compile_checked("al-Muhandis", variants=False) == 'text:"al-muhandis"'
    assert str(INDEX_PARSER.parse(to_whoosh(parse("al-Muhandis"), variants=False))) == (
        'text:"al muhandi"'
    )
    assert str(INDEX_PARSER.parse(to_whoosh(parse("Iran's"), variants=False))) == "text:iran"


@pytest.mark.parametrize(
    "typed, words",
    [
        ("قاسم سلیمانی", ("قاسم", "سلیمانی")),
        ("الحشد الشعبي", ("الحشد", "الشعبي")),
        ("ΑΘΗΝΑ Straße", ("αθηνα", "straße")),
    ],
)
def test_words_of_any_script_are_words(typed, words):
    """Persian, Arabic, Greek and German words are searched like English ones."""
    assert parse(typed) == And(tuple(Term(word) for word in words))
    compile_checked(typed)


# Aliases and variants


def test_an_alias_is_searched_with_its_whole_group():
    """A word of an alias group finds every member; several-word members are phrases."""
    assert compile_checked("Daesh", aliases=ALIASES, variants=False) == (
        '(text:isil OR text:isis OR text:daesh OR text:"islamic state")'
    )


def test_an_alias_phrase_is_searched_with_its_whole_group():
    """A phrase equal to a member expands like a word."""
    assert compile_checked('"Islamic State" -syria', aliases=ALIASES, variants=False) == (
        '((text:isil OR text:isis OR text:daesh OR text:"islamic state") AND NOT text:syria)'
    )


def test_alias_members_carry_their_variants():
    """With variants on, each member that may be a name also searches the names field."""
    compiled = compile_checked("isis", aliases=ALIASES)
    assert "(text:daesh OR names:daesh^0.5)" in compiled
    assert ' OR text:"islamic state")' in compiled


def test_aliases_leave_other_words_prefixes_and_wildcards_alone():
    """Only whole words or phrases of the text are expanded."""
    assert compile_checked("title:isis isi* islamic", aliases=ALIASES, variants=False) == (
        "(title:isis AND text:isi* AND text:islamic)"
    )


def test_variants_search_the_names_field_with_a_lower_boost():
    """Plain words and phrases of the text also search names, boosted 0.5."""
    assert compile_checked('qasem "abu mahdi"') == (
        '((text:qasem OR names:qasem^0.5) AND (text:"abu mahdi" OR (names:"abu mahdi")^0.5))'
    )


def test_variants_can_be_turned_off():
    """Without variants only the text field is searched."""
    assert compile_checked('qasem "abu mahdi"', variants=False) == (
        '(text:qasem AND text:"abu mahdi")'
    )


# Nothing to search, hostile strings, limits


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "!!!",
        "-",
        "--",
        "()",
        "(()())",
        '""',
        "“”",
        "OR",
        "|",
        "AND",
        "NOT",
        ":",
        "title:",
        "-()",
        "- ( )",
        "*",
        "😀🔥",
        "\x00\x01\x1f",
        "\u200f\u200e",
    ],
)
def test_nothing_searchable_gives_none(typed):
    """Queries with no word in them parse to None."""
    if typed == "title:":
        assert parse(typed) == Term("title")
    else:
        assert parse(typed) is None


@pytest.mark.parametrize(
    "typed",
    [
        '"unbalanced',
        'iran "',
        "((iran",
        "iran))",
        ")(",
        ":",
        "iran : iraq",
        "title:",
        "title:-",
        "-title:",
        "'; DROP TABLE articles; --",
        "<script>alert(1)</script>",
        "iran\x00iraq",
        "\x07\x1b[31miran\x1b[0m",
        "soleimani 😀 🇮🇷",
        "\u202eiran\u202c \u200fقاسم\u200e",
        "iran^2 iraq~3 [a TO b] {x TO y} *:* ?",
        "iran ANDNOT iraq ANDMAYBE syria REQUIRE oil",
        "text:iran names:(x) django_ct:*",
        "'single quoted' `backticks`",
        '\\"escaped\\" \\(paren\\)',
        "a" * 5000,
        "iran؟ ՞ ፧",
    ],
)
def test_hostile_strings_compile_to_queries_whoosh_reads(typed):
    """Any string parses, and what it compiles to is read whole by Whoosh's parser."""
    node = parse(typed)
    if node is not None:
        compile_checked(typed)


def test_sql_and_html_are_just_their_words():
    """Fragments of SQL or HTML are searched as plain words."""
    assert parse("'; DROP TABLE articles; --") == And(
        (Term("drop"), Term("table"), Term("articles"))
    )
    assert parse("<script>alert(1)</script>") == And(
        (Term("script"), Term("alert"), Term("1"), Term("script"))
    )


def test_long_queries_are_cut_at_32_words_and_say_what_was_left_out():
    """A 5,000-character query keeps its first 32 words; the rest is given back to show."""
    reading = read("iran " * 1000)
    node, ignored = reading.node, reading.ignored
    assert node == And((Term("iran"),) * 32)
    assert ignored == ("iran " * 968).strip()
    compile_checked("iran " * 1000)
    reading = read('"' + " ".join(f"w{n}" for n in range(80)) + '" oil')
    phrase, ignored = reading.node, reading.ignored
    assert len(phrase.words) == 32 and phrase.words[-1] == "w31"
    assert ignored == " ".join(f"w{n}" for n in range(32, 80)) + '" oil'
    assert read("iran " * 32) == Reading(And((Term("iran"),) * 32))
    assert read("iran " * 32 + ".") == Reading(And((Term("iran"),) * 32))


def words_beginning(count):
    """An index's words: `count` for each prefix asked, as a real index lists them."""
    return lambda field, prefix, limit: [f"{prefix}{n:03}" for n in range(min(count, limit))]


def test_wildcards_share_a_budget_of_500_words_and_say_which_were_cut():
    expanded = expand_wildcards(parse("iran co* pr* st*"), words_beginning(1000))
    searched = [part for part in expanded.node.nodes]
    assert searched[0] == Term("iran")
    assert [len(part.nodes) for part in searched[1:]] == [200, 200, 99]
    assert expanded.narrowed == ("co*", "pr*", "st*")
    assert (expanded.dropped, expanded.empty) == ((), False)


def test_wildcards_within_the_budget_are_whole():
    expanded = expand_wildcards(parse("solei* -(mashh*)"), words_beginning(3))
    assert expanded.node == And(
        (
            Or(tuple(Term(f"solei{n:03}", field="text") for n in range(3))),
            Not(Or(tuple(Term(f"mashh{n:03}", field="text") for n in range(3)))),
        )
    )
    assert (expanded.narrowed, expanded.dropped, expanded.empty) == ((), (), False)


def test_a_wanted_wildcard_past_the_budget_leaves_nothing_to_find():
    """Searching the rest without it would show articles it might not match."""
    expanded = expand_wildcards(parse("iran co* pr* st* re* ma*"), words_beginning(1000))
    assert expanded.dropped == ("re*", "ma*")
    assert (expanded.node, expanded.empty) == (None, True)


def test_an_alternative_past_the_budget_drops_out_of_its_or():
    expanded = expand_wildcards(parse("co* pr* st* re* OR iran"), words_beginning(1000))
    assert expanded.dropped == ("re*",)
    assert expanded.node.nodes[-1] == Term("iran")
    assert not expanded.empty


@pytest.mark.parametrize("typed", ["co* pr* st* -ma*", "co* pr* st* re* -(ma* OR iran)"])
def test_an_excluded_wildcard_not_searched_whole_leaves_nothing_to_find(typed):
    """Excluding only some of its words, or none, would show articles it excludes."""
    expanded = expand_wildcards(parse(typed), words_beginning(1000))
    assert "ma*" in expanded.dropped
    assert (expanded.node, expanded.empty) == (None, True)


def test_an_excluded_alternative_past_the_budget_still_leaves_the_rest():
    """-(a OR b) with b unsearchable excludes everything; under a wanted OR that part
    drops out and the other alternative stands."""
    expanded = expand_wildcards(parse("co* pr* st* (iran OR -ma*)"), words_beginning(1000))
    assert expanded.dropped == ("ma*",)
    assert expanded.node.nodes[-1] == Term("iran")


def test_deep_parentheses_are_cut_at_ten_levels():
    """Parentheses past the tenth level count as if they were not typed."""
    node = parse("(" * 2500 + "iran OR iraq" + ")" * 2500)
    assert node == Or((Term("iran"), Term("iraq")))
    assert parse("-(" * 2501 + "iran") == Not(Term("iran"))
    compile_checked("-(" * 2501 + "iran")
    compile_checked("title:(" * 1000 + "iran")


# Highlighting and spelling


def test_highlight_terms_are_the_searched_words_of_text_and_title():
    """Excluded words, source/author words and stop words are not highlighted."""
    node = parse('Rally title:Baghdad "the Islamic State" -Iraq source:reuters author:doe')
    assert highlight_terms(node) == HighlightTerms(
        frozenset({"rally", "baghdad", "islamic", "state"}), ()
    )


def test_highlight_terms_keep_wildcards_as_prefixes():
    """solei* highlights words starting with solei."""
    assert highlight_terms(parse("solei* -mahd* title:baghd*")) == HighlightTerms(
        frozenset(), ("solei", "baghd")
    )


def test_highlight_terms_split_words_the_way_the_index_does():
    """ "al-Muhandis" highlights al and muhandis; "Iran's" highlights iran; "U.S." stays whole."""
    assert highlight_terms(parse("al-Muhandis Iran's U.S.")).words == {
        "al",
        "muhandis",
        "iran",
        "u.s",
    }


def test_nothing_searched_highlights_nothing():
    """A query of exclusions, or none, highlights nothing."""
    assert highlight_terms(parse("-iran")) == HighlightTerms()
    assert highlight_terms(None) == HighlightTerms()


def test_spelling_words_are_the_searched_plain_words_in_order():
    """Did-you-mean looks at searched words of the text and title, once each."""
    node = parse('Solemani "qasem sulemani" -iraq title:baghdad solei* 2020 al-muhandis solemani')
    assert spelling_words(node) == ["solemani", "qasem", "sulemani", "baghdad"]


def test_replace_words_keeps_the_rest_of_the_query():
    """The corrected query keeps phrases (never changed inside quotes), exclusions, prefixes
    and operators as typed."""
    typed = 'Solemani "Qasem Sulemani" -iraq title:(baghdad OR solemani) solem*'
    assert replace_words(typed, {"solemani": "soleimani", "sulemani": "suleimani"}) == (
        'soleimani "Qasem Sulemani" -iraq title:(baghdad OR soleimani) solem*'
    )


def test_replace_words_leaves_operators_and_prefix_names_alone():
    """OR, NOT and field names are not words to replace."""
    assert replace_words("title:iran OR NOT iraq", {"or": "x", "title": "x", "not": "x"}) == (
        "title:iran OR NOT iraq"
    )


# A real search


ARTICLES = {
    "soleimani": {
        "title": "Soleimani killed in Baghdad",
        "source": "Reuters",
        "text": "Qasem Soleimani was killed near Baghdad airport.",
        "author": "Jane Doe",
    },
    "claim": {
        "title": "Islamic State claims attack",
        "source": "Al Jazeera",
        "text": "The Islamic State claimed the attack in Iraq.",
        "author": "Omar Ali",
    },
    "rallies": {
        "title": "Rallies in Tehran",
        "source": "Press TV",
        "text": "Thousands rallied in Tehran to mourn Soleimani.",
        "author": "Staff",
    },
    "scholar": {
        "title": "Iraq debates its future",
        "source": "Reuters",
        "text": "An Islamic scholar said the state must act in Iraq.",
        "author": "Jane Doe",
    },
    "sanctions": {
        "title": "New sanctions",
        "source": "New York Times",
        "text": "Sanctions on Iran's oil were tightened.",
        "author": "John Roe",
    },
    "al-muhandis": {
        "title": "Abu Mahdi al-Muhandis",
        "source": "Al Jazeera",
        "text": "Abu Mahdi al-Muhandis led the Popular Mobilization Forces.",
        "author": "Omar Ali",
    },
}


@pytest.fixture(scope="module")
def searcher():
    """A Whoosh index of six short articles, as the archive indexes them."""
    index = RamStorage().create_index(index_schema())
    with index.writer() as writer:
        for key, article in ARTICLES.items():
            writer.add_document(
                id=key, names=article["text"], django_ct="archive.article", **article
            )
    with index.searcher() as searcher:
        yield searcher


@pytest.mark.parametrize(
    "typed, found",
    [
        ("soleimani baghdad", {"soleimani"}),
        ("islamic state", {"claim", "scholar"}),
        ('"islamic state"', {"claim"}),
        ("soleimani -baghdad", {"rallies"}),
        ('iraq -"islamic state"', {"scholar"}),
        ("tehran OR baghdad", {"soleimani", "rallies"}),
        ("reuters iraq OR tehran", set()),
        ("islamic iraq OR tehran", {"claim", "scholar"}),
        ("title:iraq", {"scholar"}),
        ('source:"new york times"', {"sanctions"}),
        ("author:(doe OR ali) -iraq", {"soleimani", "al-muhandis"}),
        ("solei*", {"soleimani", "rallies"}),
        ("rally", {"rallies"}),
        ("Iran's", {"sanctions"}),
        ("al-Muhandis", {"al-muhandis"}),
        ("-soleimani", {"claim", "scholar", "sanctions", "al-muhandis"}),
        ("-(iraq OR soleimani) -iran", {"al-muhandis"}),
    ],
)
def test_compiled_queries_find_the_right_articles(searcher, typed, found):
    """Each form of query finds exactly the articles it describes."""
    results = searcher.search(INDEX_PARSER.parse(compile_checked(typed)), limit=None)
    assert {hit["id"] for hit in results} == found


def test_an_alias_finds_the_articles_of_every_member(searcher):
    """Searching ISIS finds the article that says Islamic State."""
    results = searcher.search(INDEX_PARSER.parse(compile_checked("ISIS", aliases=ALIASES)))
    assert {hit["id"] for hit in results} == {"claim"}


# Any string at all


QUERY_PIECES = st.sampled_from(
    [
        "iran",
        "Soleimani",
        "al-Muhandis",
        "Iran's",
        "U.S.",
        "solei*",
        "s*",
        "*",
        "OR",
        "or",
        "AND",
        "NOT",
        "|",
        "-",
        "(",
        ")",
        '"',
        "“",
        "”",
        "„",
        "«",
        "»",
        "'",
        "’",
        ":",
        "title:",
        "source:",
        "author:",
        "foo:",
        "^2",
        "~",
        "[",
        "]",
        "{",
        "}",
        "?",
        "؟",
        "\\",
        "\x00",
        "قاسم",
        "😀",
        "\u200f",
        " ",
        "  ",
    ]
)


@settings(max_examples=300)
@given(st.one_of(st.text(), st.lists(QUERY_PIECES, max_size=30).map("".join)))
def test_any_string_parses_to_a_query_whoosh_reads(typed):
    """For any text, parse never fails and its Whoosh string is read whole by Whoosh."""
    node = parse(typed)
    if node is not None:
        compile_checked(typed)
        compile_checked(typed, aliases=ALIASES, variants=False)
