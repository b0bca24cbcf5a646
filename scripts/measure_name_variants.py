"""Measure the names field's spelling-variant keys against plain double metaphone.

    .venv/bin/python scripts/measure_name_variants.py

Prints, for each way of keying a word: how many spelling pairs within each name group
share a key (recall), then how many words that are no spelling of a test name share a
key with one (false matches), over English words, dictionary names and places, and the
capitalized words of the seed articles, with examples.
"""

import itertools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh.lang.dmetaphone import double_metaphone

from archive.search.names import (
    WORD_PATTERN,
    common_words,
    looks_like_name,
    name_key,
    plain_letters,
    spelling_key,
)

# Spellings of one name, shared with tests/search/test_names.py.
SPELLINGS = json.loads(
    (ROOT / "tests" / "data" / "name_spellings.json").read_text(encoding="utf-8")
)
NAME_GROUPS = SPELLINGS["joined"] + SPELLINGS["not_joined_yet"]
DICTIONARY = Path("/usr/share/dict/words")
SAMPLE_ENGLISH = [
    "solomon",
    "salmon",
    "salami",
    "chasm",
    "casino",
    "cousin",
    "season",
    "seaman",
    "summon",
    "lemon",
]


def double_metaphone_codes(word):
    """Return both double metaphone codes of the word (the second may be None)."""
    return set(double_metaphone(word)) - {None, ""}


def keyings():
    """Return {name: function(word) -> set of keys} for each way measured."""
    return {
        "name key": lambda word: {name_key(word)} - {None},
        "key, no common words": lambda word: {spelling_key(word)} - {None},
        "double metaphone": double_metaphone_codes,
    }


def group_recall(group, keys_of):
    """Return (pairs sharing a key, pairs) over the spellings of one name."""
    pairs = list(itertools.combinations(group, 2))
    return sum(bool(keys_of(one) & keys_of(other)) for one, other in pairs), len(pairs)


def false_matches(words, keys_of):
    """Return {word: the test names it shares a key with} for words that spell none of them."""
    names_by_key = {}
    for group in NAME_GROUPS:
        for name in group:
            for key in keys_of(name):
                names_by_key.setdefault(key, set()).add(name)
    spellings = {plain_letters(name) for group in NAME_GROUPS for name in group}
    found = {}
    for word in words:
        if plain_letters(word) in spellings:
            continue
        names = set().union(*(names_by_key.get(key, set()) for key in keys_of(word)))
        if names:
            found[word] = sorted(names)
    return found


def word_lists():
    """Return {description: words} for the false-match measurement."""
    if DICTIONARY.exists():
        entries = [word for word in DICTIONARY.read_text().split() if word.isalpha()]
        english = [word for word in entries if word.islower()]
        lists = {
            f"English words ({DICTIONARY})": english,
            f"names and places ({DICTIONARY}, capitalized)": sorted(
                {word for word in entries if word[0].isupper()}
            ),
        }
    else:
        english = sorted(common_words() | set(SAMPLE_ENGLISH))
        lists = {"English words (common_words.txt and a sample)": english}
    lists["capitalized words of the seed articles"] = seed_capitalized_words()
    return lists


def seed_capitalized_words():
    """Return the distinct capitalized words of the seed articles."""
    text = "\n".join(path.read_text() for path in sorted((ROOT / "fixtures").glob("*.txt")))
    return sorted({word for word in re.findall(WORD_PATTERN, text) if looks_like_name(word)})


def print_recall(methods):
    print("Recall: spelling pairs within a group that share a key")
    print(f"{'group':<44}" + "".join(f"{name:>22}" for name in methods))
    totals = dict.fromkeys(methods, (0, 0))
    for group in NAME_GROUPS:
        row = f"{' / '.join(group)[:43]:<44}"
        for name, keys_of in methods.items():
            shared, pairs = group_recall(group, keys_of)
            totals[name] = (totals[name][0] + shared, totals[name][1] + pairs)
            row += f"{f'{shared}/{pairs}':>22}"
        print(row)
    print(f"{'all groups':<44}" + "".join(f"{f'{s}/{p}':>22}" for s, p in totals.values()))


def print_false_matches(methods, examples=15):
    print("\nFalse matches: words that are no spelling of a test name but share a key with one")
    for description, words in word_lists().items():
        print(f"\n{description}: {len(words)} words")
        for name, keys_of in methods.items():
            found = list(false_matches(words, keys_of).items())
            shown = ", ".join(f"{word}~{'/'.join(names)}" for word, names in found[:examples])
            more = ", ..." if len(found) > examples else ""
            print(f"  {name:<22}{len(found):>5}  {shown}{more}")


def main():
    methods = keyings()
    print_recall(methods)
    print_false_matches(methods)


if __name__ == "__main__":
    main()
