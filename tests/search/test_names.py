import itertools
import json

import pytest
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

from archive.search.names import name_key, same_name
from archive.search.whoosh.analysis import names_analyzer
from tests.helpers import DATA, FIXTURES

# Spellings of one name that the key must make one (shared with scripts/measure_name_variants.py).
NAME_GROUPS = json.loads((DATA / "name_spellings.json").read_text(encoding="utf-8"))["joined"]


def keyed_tokens(text, mode):
    """Return (text, position) of each token the names analyzer makes of the text."""
    return [(token.text, token.pos) for token in names_analyzer()(text, positions=True, mode=mode)]


def test_spellings_of_one_name_share_a_key_and_no_other_group_has_it():
    """Each group of transliterations shares exactly one key, different from every other group's."""
    groups_by_key = {}
    for group in NAME_GROUPS:
        for name in group:
            groups_by_key.setdefault(name_key(name), []).append(name)
    assert None not in groups_by_key
    assert sorted(groups_by_key.values()) == sorted(NAME_GROUPS)


@pytest.mark.parametrize(
    "word, name",
    [
        ("Solomon", "Soleimani"),
        ("Salman", "Soleimani"),
        ("chasm", "Qassem"),
        ("Casino", "Qasem"),
        ("Cassini", "Qassem"),
        ("Hassan", "Hussein"),
        ("Mahmoud", "Mohammed"),
        ("Nasser", "Nasrallah"),
    ],
)
def test_false_friends_are_not_spellings_of_the_name(word, name):
    """A word that only sounds like a name is not taken for one of its spellings."""
    assert not same_name(word, name)


@pytest.mark.parametrize("word", ["the", "General", "salmon", "casino", "commander", "Resistance"])
def test_common_english_words_get_no_key(word):
    """Frequent English words, in any case, have no key."""
    assert name_key(word) is None


@pytest.mark.parametrize("word", ["al", "US", "2020", "F16", "Hmm", "قاسم"])
def test_short_words_numbers_and_other_scripts_get_no_key(word):
    """Words too short, without a vowel, with digits or in another script have no key."""
    assert name_key(word) is None


def test_possessives_accents_and_apostrophes_keep_the_key():
    """Soleimani's, Ḥusayn and Khamene'i are keyed like the bare name."""
    assert name_key("Soleimani’s") == name_key("Soleimani")
    assert name_key("Ḥusayn") == name_key("Hussein")
    assert name_key("Khamene'i") == name_key("Khamenei")


def test_same_name_matches_a_variant_of_the_query_word():
    """same_name tells the spellings of the searched name from other words."""
    assert same_name("Qasem", "qassem")
    assert same_name("Sulaimani", "soleimani")
    assert not same_name("Moscow", "qassem")
    assert not same_name("salmon", "salmon")


def test_indexing_keys_only_names_like_words_keeping_neighbours_together():
    """Indexing keeps capitalized uncommon words, as keys; names side by side in the
    text are side by side in the index, and names apart stay apart."""
    text = "The martyr Qassem Soleimani met IRGC commanders, Mashhad. Tehran Ali"
    tokens = keyed_tokens(text, mode="index")
    assert [key for key, _ in tokens] == [
        name_key(word) for word in ("Qassem", "Soleimani", "Mashhad", "Tehran", "Ali")
    ]
    positions = [position for _, position in tokens]
    steps = [later - earlier for earlier, later in itertools.pairwise(positions)]
    assert steps[0] == 1  # Qassem Soleimani
    assert steps[1] > 1 and steps[2] > 1  # words or punctuation between
    assert steps[3] == 1  # Tehran Ali


def test_a_query_keys_every_uncommon_word_even_in_lowercase():
    """A query keys names typed in lowercase and drops common words."""
    assert keyed_tokens("general qassem soleimani", mode="query") == [
        (name_key("Qassem"), 1),
        (name_key("Soleimani"), 2),
    ]
    assert keyed_tokens("salmon", mode="query") == []


def build_index(directory, texts):
    """Return a Whoosh index in the directory holding each text under its id."""
    schema = Schema(
        id=ID(stored=True, unique=True), text=TEXT, names=TEXT(analyzer=names_analyzer())
    )
    archive_index = index.create_in(directory, schema)
    with archive_index.writer() as writer:
        for article_id, text in texts.items():
            writer.add_document(id=article_id, text=text, names=text)
    return archive_index


def found(archive_index, query):
    """Return the ids of the documents the query finds."""
    parsed = QueryParser("text", archive_index.schema).parse(query)
    with archive_index.searcher() as searcher:
        return {hit["id"] for hit in searcher.search(parsed, limit=None)}


@pytest.fixture
def spellings_index(tmp_path):
    return build_index(
        tmp_path,
        {
            "qasem": "General Qasem Soleimani was killed.",
            "qassem": "General Qassem Suleimani was killed.",
            "ghasem": "General Ghasem Soleymani was killed.",
            "solomon": "The Solomon Islands export salmon.",
        },
    )


def test_a_name_search_finds_every_spelling_and_no_false_friend(spellings_index):
    """names:qassem finds Qasem, Qassem and Ghasem, not the Solomon Islands."""
    assert found(spellings_index, "names:qassem") == {"qasem", "qassem", "ghasem"}
    assert found(spellings_index, "names:salmon") == set()


def test_a_name_phrase_finds_every_spelling_of_the_full_name(spellings_index):
    """names:"qassem soleimani" finds the full name however it is spelled."""
    assert found(spellings_index, 'names:"qassem soleimani"') == {"qasem", "qassem", "ghasem"}
    assert found(spellings_index, 'names:"soleimani qassem"') == set()


def test_the_seed_articles_are_all_found_by_either_spelling_of_qassem(tmp_path):
    """Every seed article names Qassem or Qasem Soleimani, and none names Solomon."""
    seeds = {path.name: path.read_text(encoding="utf-8") for path in FIXTURES.glob("*.txt")}
    seeds_index = build_index(tmp_path, seeds)
    assert len(seeds) == 5
    assert found(seeds_index, "names:qassem") == set(seeds)
    assert found(seeds_index, "names:Solomon") == set()
