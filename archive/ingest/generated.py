"""Generated articles, for benchmarks and load tests of a large archive.

    article = generated_article(seed=1, number=42)   # a ParsedArticle

Each article follows from (seed, number) alone, so any slice can be generated on its
own and the same seed always gives the same archive. They are saved as any parsed
article is (archive/importing/generated.py).
"""

import hashlib
import itertools
import random
import re
from datetime import date
from functools import cache

from archive.ingest.article import ArchiveState, Original, ParsedArticle
from archive.vocabulary.body import Block
from archive.vocabulary.terms import Format, ReviewReason


def words(text):
    """Return the words of a block of text: word lists read best as prose."""
    return text.split()


OUTLETS = (
    "Gulf Courier",
    "Tehran Evening Post",
    "Levant Wire",
    "Baghdad Herald",
    "Beirut Daily Star",
    "Damascus Observer",
    "Caspian Times",
    "Euphrates Chronicle",
    "Red Sea Gazette",
    "Persian Gulf Monitor",
    "Middle East Dispatch",
    "Arabian Tribune",
    "Mosul Standard",
    "Basra Ledger",
    "Kurdistan Record",
    "Anatolian Review",
    "Cedar Press",
    "Tigris Journal",
    "Hormuz Bulletin",
    "Shiraz Sentinel",
    "Isfahan Register",
    "Amman Mirror",
    "Cairo Morning News",
    "Nile Examiner",
    "Aleppo Voice",
    "Sanaa Reporter",
    "Doha Globe",
    "Muscat Inquirer",
    "Kuwait Clarion",
    "Riyadh Leader",
    "Jerusalem Courier",
    "Gaza Dispatch",
    "Sinai Post",
    "Mesopotamia Today",
    "Zagros Weekly",
    "Khorasan Times",
    "Mashhad Evening News",
    "Tabriz Herald",
    "Ahvaz Gazette",
    "Qom Review",
    "Eastern Mediterranean Wire",
    "Crescent Agency",
    "Oriental News Service",
    "Silk Road Chronicle",
    "Atlantic Desk",
    "World Affairs Daily",
    "Global Insight Press",
    "Frontline Report",
    "Northern Star Tribune",
    "Harbour City Telegraph",
)
# Outlets publish unevenly: the first ones carry far more of the archive.
OUTLET_WEIGHTS = tuple(itertools.accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(OUTLETS))))

# The head of the vocabulary, most frequent first, so that text reads like prose.
COMMON_WORDS = words("""
the of and to in a that is for on was with said he it as at by his from be have has
an are but not they were this had their who been will its which after more about one
two year would over also new people government said when there than last first all
out up into other some could against most state officials security minister police
forces military country president told week since three while between under before
city years where day attack killed including former united region during can may
time military group those just made because both told office public national early
report reported according officials leaders support members foreign another second
political any against war back them such percent million us only later part week
news force local him her she what so our we like how these if or no now being then
area around end four five many house her month long high next several well each
very own way even because much country world side home days night talks statement
council army troops border capital province north south east west central told
spokesman agency conference meeting plan deal control power oil prices market
economic trade policy law court case election vote parliament party leader rights
protest protesters crowd streets families victims health hospital school children
women men workers water food aid camp refugees fighting ceasefire peace strike
missile rocket air base attack attacks commander general officer soldiers militia
fighters allies enemy nuclear program sanctions envoy embassy diplomats officials
talks summit visit meeting ministry interior defense intelligence sources held
called took gave came went saw made found left kept began asked added warned denied
confirmed announced accused claimed expected continued remained seemed described
""")
COMMON_WORDS = tuple(dict.fromkeys(COMMON_WORDS))
SYLLABLES = words("""
ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko ku la le li lo lu
ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti
to tu va ve vi vo za zo al an ar as el en er es il in is on or os ul un ur us
ban ber cor dan del far gan hal kar lan lor mar men nor par ran ril sar sen tal
ter tor val ver zan
""")
PSEUDO_WORDS = 20_000
SMALL_WORDS = frozenset(words("a an and as at but by for from in of on or the to with"))

# Names as collected text spells them; each article keeps to one spelling of each.
NAMES = (
    tuple(
        f"{first} {last}"
        for first in ("Qasem", "Qassem", "Ghasem", "Kassem")
        for last in ("Soleimani", "Suleimani", "Soleymani", "Sulaimani")
    ),
    tuple(
        f"{first} {last}" for first in ("Hassan", "Hasan") for last in ("Nasrallah", "Nasrollah")
    ),
    tuple(
        f"{first} {last}"
        for first in ("Muhammad", "Mohammed", "Mohamed")
        for last in ("al-Sudani", "Javad Zarif", "bin Salman")
    ),
    ("Islamic State", "ISIS", "ISIL", "Daesh"),
    ("drone strike",),
    ("Baghdad",),
    ("Tehran",),
    ("Beirut",),
    ("Damascus",),
)
NAMED_SHARE = 0.25
FIRST_NAMES = words("""
Sara Ali James Leila Omar Anna David Reza Maryam John Karim Elena Yusuf Nadia Peter Farah
""")
LAST_NAMES = words("""
Haddad Karimi Walker Rahimi Khoury Jensen Tehrani Said Morgan Nasser Azizi Brennan Hosseini Lind
""")
AUTHORED_SHARE = 0.6
UNDATED_SHARE = 0.03
FIRST_DAY, LAST_DAY = date(2001, 1, 1).toordinal(), date(2025, 12, 31).toordinal()


@cache
def vocabulary():
    """Return the words of generated text, most frequent first, and their Zipf weights."""
    rng = random.Random("vocabulary")
    words = dict.fromkeys(COMMON_WORDS)
    while len(words) < len(COMMON_WORDS) + PSEUDO_WORDS:
        words.setdefault("".join(rng.choices(SYLLABLES, k=rng.choice((2, 2, 3, 3, 3, 4)))))
    # Short words are the frequent ones, in made-up languages too.
    words = list(COMMON_WORDS) + sorted(list(words)[len(COMMON_WORDS) :], key=len)
    return words, list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))


def domain(outlet):
    return "".join(outlet.lower().split()) + ".com"


def draw_words(rng, n):
    words, cum_weights = vocabulary()
    return rng.choices(words, cum_weights=cum_weights, k=n)


def mention(rng, words, names):
    """Put one of `names` in place of as many words, at a random position.

    The name stays one item of `words`, so no sentence break or comma splits it.
    """
    name = rng.choice(names)
    size = len(name.split())
    if size <= len(words):
        at = rng.randrange(len(words) - size + 1)
        words[at : at + size] = [name]


def headline_case(words):
    return " ".join(
        word if i and word in SMALL_WORDS else word[0].upper() + word[1:]
        for i, word in enumerate(words)
    )


def sentences(rng, words):
    """Return `words` as sentences: capitalized, a comma now and then, a full stop (or a '?')."""
    text, start = [], 0
    while start < len(words):
        end = start + rng.randint(6, 22)
        if len(words) - end < 4:
            end = len(words)
        sentence = words[start:end]
        sentence[0] = sentence[0][0].upper() + sentence[0][1:]
        if len(sentence) > 8 and rng.random() < 0.4:
            comma = rng.randrange(3, len(sentence) - 3)
            sentence[comma] += ","
        text.append(" ".join(sentence) + ("?" if rng.random() < 0.03 else "."))
        start = end
    return " ".join(text)


def paragraph_lengths(rng, total):
    """Return paragraph word counts of 40-120 words that add up to `total` (at least 40)."""
    lengths = []
    while total > 120:
        lengths.append(rng.randint(40, min(120, total - 40)))
        total -= lengths[-1]
    return lengths + [total]


def blocks(rng, names):
    """Return 300-1,200 words of body blocks: paragraphs, and 0-4 subheadings between them."""
    paragraphs = []
    # Room is left for the subheadings' words (4 of at most 6).
    for i, length in enumerate(paragraph_lengths(rng, rng.randint(300, 1176))):
        words = draw_words(rng, length)
        for spellings in names:
            if i == 0 or rng.random() < 0.4:
                mention(rng, words, spellings)
        paragraphs.append(Block(sentences(rng, words)))
    headings = [
        headline_case(draw_words(rng, rng.randint(2, 6)))
        for _ in range(min(rng.randint(0, 4), len(paragraphs) - 1))
    ]
    places = set(rng.sample(range(1, len(paragraphs)), len(headings)))
    body = []
    for i, paragraph in enumerate(paragraphs):
        if i in places:
            body.append(Block(headings.pop(), "subheading"))
        body.append(paragraph)
    return body


def generated_article(seed, number):
    """Return article `number` of the archive generated from `seed`, as a ParsedArticle."""
    rng = random.Random(f"{seed}:{number}")
    names = []
    if chance(rng, NAMED_SHARE):
        names = [rng.choice(NAMES) for _ in range(rng.randint(1, 3))]
    title_words = draw_words(rng, rng.randint(6, 12))
    if names and chance(rng, 0.5):
        mention(rng, title_words, names[0])
    title = headline_case(title_words)
    source = rng.choices(OUTLETS, cum_weights=OUTLET_WEIGHTS)[0]
    author = ""
    if chance(rng, AUTHORED_SHARE):
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    published = None
    if not chance(rng, UNDATED_SHARE):
        published = date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))
    return ParsedArticle(
        title=title,
        blocks=tuple(blocks(rng, names)),
        # No original file is kept: the article is known by a hash of its seed and number.
        original=Original(f"generated/{seed}/{number}.txt", b"", Format.TEXT),
        published=published,
        source=source,
        author=author,
        url=article_url(source, published, title),
        language="en",
        restored=ArchiveState(
            content_hash=hashlib.sha256(f"generated:{seed}:{number}".encode()).hexdigest(),
            needs_review=published is None,
            review_reasons=() if published else (ReviewReason.DATE,),
        ),
    )


def chance(rng, share):
    return rng.random() < share


def article_url(outlet, published, title):
    slug = re.sub(r"[^\w]+", "-", title.lower()).strip("-")
    return f"https://{domain(outlet)}/{f'{published:%Y/%m}' if published else 'news'}/{slug}"


def outlet_homepage(outlet):
    return f"https://{domain(outlet)}/"


def as_text_file(article):
    """Return a generated article as a plain-text file of the kind researchers collect.

    A 'date YYYY-MM-DD' header line with the headline, a blank line, the paragraphs
    and subheadings, and a closing 'Source » outlet' line.
    """
    head = article.title
    if article.published:
        head = f"date {article.published:%Y-%m-%d} {article.title}"
    return (
        "\n\n".join([head, *(block.text for block in article.blocks), f"Source » {article.source}"])
        + "\n"
    )
