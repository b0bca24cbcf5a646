"""How the search index reads text into words, named once for everything that reads words
the same way: the index's analyzer (whoosh/schema.py), the query language and snippets.

The words, stop words and stems are Whoosh's (its default RegexTokenizer, StopFilter
and Porter stemmer), which the index uses on every engine's behalf.
"""

import re

from whoosh.analysis import STOP_WORDS as WHOOSH_STOP_WORDS
from whoosh.lang.porter import stem

# A run of letters and digits; a dot between two keeps them one word ("U.S.").
INDEX_WORD = re.compile(r"\w+(?:\.\w+)*")
# Words too common to index ("the", "of").
STOP_WORDS = frozenset(WHOOSH_STOP_WORDS)

__all__ = ["INDEX_WORD", "STOP_WORDS", "stem"]
