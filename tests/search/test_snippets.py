from archive.search.query import HighlightTerms, highlight_terms, parse
from archive.search.snippets import ELLIPSIS, mark_all, snippet

FILLER = "Officials met again on Tuesday to discuss the budget for next year. " * 12
STORY = "Mourners at the rally for Soleimani marched through Baghdad on Friday. "
BODY = FILLER + STORY + FILLER


def terms(query):
    """Return what a typed query highlights."""
    return highlight_terms(parse(query))


def marked(pieces):
    """Return the marked fragments."""
    return [fragment for fragment, is_marked in pieces if is_marked]


def joined(pieces):
    """Return the pieces as one string, marked fragments in brackets."""
    return "".join(f"[{fragment}]" if is_marked else fragment for fragment, is_marked in pieces)


def text_of(pieces):
    """Return the text the pieces show, without the ellipses."""
    return "".join(fragment for fragment, _ in pieces).strip(ELLIPSIS)


def test_the_passage_with_the_searched_words_is_chosen():
    """The snippet shows the part of the article where the words are."""
    pieces = snippet(BODY, terms("soleimani baghdad"))
    assert marked(pieces) == ["Soleimani", "Baghdad"]
    assert "[Soleimani] marched through [Baghdad]" in joined(pieces)


def test_the_passage_with_the_most_different_words_wins_over_repeats():
    """Two different searched words beat one word repeated."""
    body = "Baghdad, Baghdad, Baghdad and Baghdad again. " + FILLER + STORY + FILLER
    assert set(marked(snippet(body, terms("soleimani baghdad")))) == {"Soleimani", "Baghdad"}


def test_more_matches_win_between_passages_with_the_same_words():
    """Among passages with the same words, the one with more matches wins."""
    body = "Baghdad once. " + FILLER + "Baghdad, Baghdad and Baghdad. " + FILLER
    assert marked(snippet(body, terms("baghdad"))) == ["Baghdad"] * 3


def test_the_passage_is_cut_between_words_with_ellipses():
    """A passage inside the text starts and ends with … at word boundaries."""
    pieces = snippet(BODY, terms("soleimani"), length=120)
    assert pieces[0] == (ELLIPSIS, False) and pieces[-1] == (ELLIPSIS, False)
    shown = text_of(pieces)
    start = BODY.index(shown)
    assert BODY[start - 1].isspace() and BODY[start + len(shown)].isspace()
    assert shown == shown.strip()
    assert 100 <= len(shown) <= 150


def test_no_ellipsis_where_the_passage_reaches_the_edge_of_the_text():
    """A passage at the start or the end of the text has no … on that side."""
    start = snippet("Soleimani was killed. " + FILLER, terms("soleimani"))
    assert start[0] == ("Soleimani", True) and start[-1] == (ELLIPSIS, False)
    end = snippet(FILLER + "Soleimani was killed.\n\n", terms("soleimani"))
    assert end[0] == (ELLIPSIS, False) and end[-1] == (" was killed.", False)
    spaced = snippet("\n  Soleimani was killed.\n", terms("soleimani"))
    assert spaced == [("Soleimani", True), (" was killed.", False)]


def test_a_short_text_is_shown_whole():
    """A text shorter than the passage length is shown whole, without ellipses."""
    assert snippet("Thousands rallied in Tehran.", terms("tehran")) == [
        ("Thousands rallied in ", False),
        ("Tehran", True),
        (".", False),
    ]


def test_without_matches_the_snippet_is_the_beginning_of_the_text():
    """When no word matches, the snippet is the start of the article."""
    pieces = snippet(BODY, terms("nowhere"), length=80)
    assert marked(pieces) == []
    assert BODY.startswith(text_of(pieces))
    assert pieces[-1] == (ELLIPSIS, False)


def test_empty_text_gives_no_pieces():
    """An empty body has no snippet."""
    assert snippet("", terms("iran")) == []
    assert mark_all("", terms("iran")) == []


def test_words_sharing_a_stem_are_highlighted():
    """Searching rally highlights rallies and rallied too."""
    text = "Thousands rallied; the rallies and a rally went on."
    assert marked(mark_all(text, terms("rally"))) == ["rallied", "rallies", "rally"]


def test_wildcards_highlight_words_with_that_beginning():
    """solei* highlights Soleimani and Soleimani's, not Soleil inside other words."""
    text = "Soleimani's death; Qasem Soleimani; unsoleimani"
    assert marked(mark_all(text, terms("solei*"))) == ["Soleimani", "Soleimani"]


def test_matching_ignores_case():
    """SOLEIMANI and soleimani both highlight for Soleimani."""
    assert marked(mark_all("SOLEIMANI and soleimani", terms("Soleimani"))) == [
        "SOLEIMANI",
        "soleimani",
    ]


def test_words_are_cut_the_way_the_index_cuts_them():
    """Iran in "Iran's" and Muhandis in "al-Muhandis" highlight; "U.S." is one word."""
    text = "Iran's envoy met al-Muhandis in the U.S. and the US."
    assert joined(mark_all(text, terms("iran muhandis u.s."))) == (
        "[Iran]'s envoy met al-[Muhandis] in the [U.S]. and the US."
    )


def test_excluded_and_stop_words_are_not_highlighted():
    """Words the query excludes, and words the index ignores, stay unmarked."""
    text = "The state of Iraq and the Islamic State."
    assert marked(mark_all(text, terms('"the islamic state" -iraq'))) == [
        "state",
        "Islamic",
        "State",
    ]


def test_the_same_word_hook_highlights_spelling_variants():
    """same_word decides for words the other rules do not match, in lowercase."""
    seen = []

    def same_word(text_word, term):
        seen.append((text_word, term))
        return {text_word, term} == {"qasem", "qassem"}

    pieces = mark_all("Qasem Soleimani and Ghasem", terms("qassem"), same_word=same_word)
    assert marked(pieces) == ["Qasem"]
    assert ("qasem", "qassem") in seen and all(word == word.lower() for word, _ in seen)


def test_the_pieces_are_the_text_itself():
    """Nothing is added or lost: the pieces join back into the text."""
    text = 'A <b>bold</b> & "quoted" rally —\n\tin قاسم\'s city 😀.'
    assert "".join(fragment for fragment, _ in mark_all(text, terms("rally قاسم"))) == text
    pieces = snippet(BODY, terms("rally"))
    assert text_of(pieces) in BODY


def test_other_scripts_are_highlighted():
    """Persian and Arabic words highlight like English ones."""
    assert marked(mark_all("سردار قاسم سلیمانی در بغداد", terms("سلیمانی"))) == ["سلیمانی"]


def test_text_without_spaces_is_cut_inside_words():
    """A long text with no spaces still gives a passage of about the asked length."""
    text = "字" * 5000 + " iran " + "字" * 5000
    pieces = snippet(text, terms("iran"), length=100)
    assert marked(pieces) == ["iran"]
    assert len(text_of(pieces)) <= 100 + 60


def test_a_long_body_is_read_once_per_distinct_word():
    """On a 100,000-character body, the hook is asked once per distinct word and
    searched word, however often the words repeat, so time grows with the text's length."""
    calls = []

    def same_word(text_word, term):
        calls.append(text_word)
        return False

    body = (FILLER + STORY) * 120
    assert len(body) > 100_000
    pieces = snippet(body, terms("rally baghdad"), same_word=same_word)
    assert marked(pieces) == ["rally", "Baghdad"]
    distinct_words = {word.lower() for word in BODY.replace(".", " ").split()}
    assert len(calls) <= 2 * len(distinct_words)


def test_many_matches_in_a_long_body_are_handled():
    """A word on every line of a long body gives one passage, marked where it should be."""
    body = "Rally in the square today. " * 4000
    pieces = snippet(body, terms("rally"), length=240)
    assert 8 <= len(marked(pieces)) <= 10
    assert len(mark_all(body, terms("rally"))) == 8000


def test_highlight_terms_with_nothing_mark_nothing():
    """Empty highlight terms leave the text unmarked."""
    assert mark_all("Soleimani", HighlightTerms()) == [("Soleimani", False)]
