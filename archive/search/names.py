"""Spelling-variant keys for transliterated names: Qasem, Qassem, Ghasem and Kassem share one.

A key is the word's consonant skeleton, with the letters transliterations use for
one sound made the same (q, k, gh, a hard g or c; ph and f; doubled letters as one),
and a mark where each vowel group stands. The vowels themselves vary between
spellings (Soleimani, Suleimani, Soleymani, Sulaimani), so only the first group
keeps a trace: whether it is an o/u sound (Hussein, hosen) or not (Hassan, hasen).
Keeping where the groups stand is what tells Soleimani (solemene) from Solomon
(solemen) and salmon (salmen), which plain double metaphone all makes SLMN.
"""

import functools
import itertools
import re
import unicodedata
from functools import cache
from pathlib import Path

COMMON_WORDS_FILE = Path(__file__).with_name("common_words.txt")
MIN_LETTERS = 3

# A word, with apostrophes inside it kept (Khamene'i, Sa'ud, Soleimani's).
WORD_PATTERN = r"\w+(?:['’ʼ`]\w+)*"
APOSTROPHES = "'’ʼ`ʻʿʾ"
# A word as above that starts with a capital letter, and not inside another word.
CAPITALS = "".join(re.escape(chr(code)) for code in range(0x10000) if chr(code).isupper())
CAPITALIZED_WORD = re.compile(rf"(?<![\w'’ʼ`])[{CAPITALS}]\w*(?:['’ʼ`]\w+)*")
POSSESSIVE = re.compile(r"['’ʼ`]s$")

# How each spelling of a consonant is written in a key; the longest spelling wins.
CONSONANTS = {
    "gh": "k",
    "q": "k",
    "g": "k",
    "c": "k",
    "ck": "k",
    "kh": "kh",
    "sh": "sh",
    "ch": "ch",
    "ph": "f",
    "dh": "d",
    "dj": "j",
    "zh": "j",
    "x": "ks",
    "v": "w",
}
# Before e, i or y, a c sounds s (Cecil) and a g sounds j (Gilani, Jilani); elsewhere
# they are hard, as are q, k and gh (Qaddafi, Gaddafi, Kadhafi).
SOFT_C = re.compile(r"c(?=[eiy])")
SOFT_G = re.compile(r"g(?=[eiy])")
SPELLINGS = re.compile("|".join(sorted(CONSONANTS, key=len, reverse=True)))
# A y is a vowel (Soleymani, Sayyed, Husayn) except a word-initial one before a vowel (Yusuf).
VOWEL_GROUP = re.compile(r"(?:[aeiou]|(?<=.)y|y(?![aeiou]))+")
# A w after a vowel and before a consonant is part of the vowel (Rowhani, Rouhani).
VOWEL_W = re.compile(r"(?<=[aeiou])w(?![aeiouy])")
# An h ending a word after a vowel is often left out (Nasrallah, Nasralla; Mughniyeh, Mughniya).
FINAL_H = re.compile(r"(?<=[aeiouy])h$")
SOUNDS = ((SOFT_C, "s"), (SOFT_G, "j"), (VOWEL_W, "u"), (FINAL_H, ""))
DOUBLED_CONSONANT = re.compile(r"([^aeiouy])\1+")


@cache
def common_words() -> frozenset[str]:
    """Return the common English words that never get a key (common_words.txt)."""
    lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def plain_letters(word: str) -> str | None:
    """Return the word in lowercase ASCII letters, without accents, apostrophes or a
    possessive 's; None when something other than letters is left (digits, other scripts)."""
    word = POSSESSIVE.sub("", word.casefold())
    decomposed = unicodedata.normalize("NFKD", word)
    letters = "".join(
        char for char in decomposed if char not in APOSTROPHES and not unicodedata.combining(char)
    )
    return letters if re.fullmatch(r"[a-z]+", letters) else None


def vowel_marks(letters: str) -> str:
    """Return the letters with each vowel group marked: the first as 'o' (an o or u
    sound) or 'a' (any other), the later ones as 'e'."""
    groups_before = itertools.count()

    def mark(match):
        if next(groups_before):
            return "e"
        return "o" if re.search("[ou]", match.group()) else "a"

    return VOWEL_GROUP.sub(mark, letters)


def spelling_key(word: str) -> str | None:
    """Return the key all transliterations of the word share, common word or not;
    None for words too short, without a vowel, or not made of letters."""
    letters = plain_letters(word)
    if letters is None or len(letters) < MIN_LETTERS:
        return None
    for sound, written in SOUNDS:
        letters = sound.sub(written, letters)
    consonants = SPELLINGS.sub(lambda spelling: CONSONANTS[spelling.group()], letters)
    key = vowel_marks(DOUBLED_CONSONANT.sub(r"\1", consonants))
    has_vowel, has_consonant = re.search("[aoe]", key), re.search("[^aoe]", key)
    return key if has_vowel and has_consonant else None


@functools.lru_cache(maxsize=65536)
def name_key(word: str) -> str | None:
    """Return the word's spelling-variant key, or None for words that are not names-like:
    too short, digits, no vowel, or a common English word."""
    if plain_letters(word) in common_words():
        return None
    return spelling_key(word)


def same_name(word: str, query_word: str) -> bool:
    """Return whether the word is a spelling of the name searched for (same key)."""
    key = name_key(word)
    return key is not None and key == name_key(query_word)


def looks_like_name(word: str) -> bool:
    """Return whether a word of running text may be a name: capitalized, and not in
    capitals throughout."""
    # Words all in capitals are nearly always acronyms (IRGC, NATO), whose keys would
    # only meet real names (Nate).
    word = POSSESSIVE.sub("", word)
    return word[:1].isupper() and not word.isupper()
