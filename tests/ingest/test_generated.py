"""Generated articles: deterministic, shaped like real ones, written and indexed in batches."""

import re
from collections import Counter
from datetime import date

import pytest

from archive.importing.generated import generate
from archive.ingest.generated import OUTLETS, generated_article
from archive.models import Article, Source, slug_for
from archive.vocabulary.body import body_text, word_count
from tests.helpers import count_queries, generate_command

SPELLINGS = re.compile(
    r"\b(?:Qasem|Qassem|Ghasem|Kassem) \w+|\bHass?an \w+|\b(?:ISIS|ISIL|Daesh)\b"
)
NAMES = re.compile(
    r"Soleimani|Suleimani|Soleymani|Sulaimani|Nasr|Baghdad|Tehran|Beirut|Damascus"
    r"|ISIS|ISIL|Daesh|Islamic State|drone strike|Muhammad|Mohamm?ed"
)
FIRST_DAY, LAST_DAY = date(2001, 1, 1), date(2025, 12, 31)


@pytest.fixture(scope="module")
def sample():
    """500 articles generated from seed 7."""
    return [generated_article(7, number) for number in range(500)]


def queries_for(count, seed, batch):
    return count_queries(lambda: generate(count, seed=seed, batch=batch))


def test_the_same_seed_and_number_give_the_same_article():
    """An article follows from (seed, number) alone, whatever was generated before."""
    assert generated_article(1, 42) == generated_article(1, 42)
    assert generated_article(1, 42) != generated_article(2, 42)
    assert generated_article(1, 42) != generated_article(1, 43)


def test_articles_are_shaped_like_news(sample):
    """Titles, bodies, dates, outlets and URLs fall in the ranges of a real archive."""
    for article in sample:
        blocks = article.blocks
        paragraphs = [block for block in blocks if not block.is_subheading]
        assert 6 <= len(article.title.split()) <= 12
        assert 300 <= word_count(blocks) <= 1200
        assert all(40 <= len(block.text.split()) <= 120 for block in paragraphs)
        assert all(block.text[0].isupper() and block.text[-1] in ".?" for block in paragraphs)
        assert len(blocks) - len(paragraphs) <= 4
        assert not blocks[0].is_subheading and not blocks[-1].is_subheading
        assert article.source in OUTLETS
        assert article.published is None or FIRST_DAY <= article.published <= LAST_DAY
        assert article.url.startswith("https://")
        assert article.url.rsplit("/", 1)[1].startswith(slug_for(article.title, "article"))
    assert any(block.is_subheading for article in sample for block in article.blocks)
    assert 0 < sum(article.published is None for article in sample) < 0.06 * len(sample)
    assert 0.4 < sum(bool(article.author) for article in sample) / len(sample) < 0.8
    assert len({article.published.year for article in sample if article.published}) == 25


def test_names_appear_in_several_spellings_in_a_share_of_articles(sample):
    """Transliterated names recur, spelt several ways, in about a quarter of the articles."""
    bodies = [body_text(article.blocks) for article in sample]
    spellings = {name for body in bodies for name in SPELLINGS.findall(body)}
    named = sum(bool(NAMES.search(body)) for body in bodies)
    assert {"Qasem Soleimani", "Qassem Suleimani", "Ghasem Soleymani"} <= spellings
    assert {"Kassem Sulaimani", "Kassem Soleimani"} <= spellings
    assert {"Hassan Nasrallah", "Hasan Nasrollah", "ISIS", "ISIL", "Daesh"} <= spellings
    assert 0.15 < named / len(sample) < 0.35


@pytest.mark.django_db
def test_the_command_adds_articles_once_from_fifty_outlets():
    """The command creates the articles and their outlets; running it again adds nothing."""

    def summary(count):
        return generate_command("--count", count, "--seed", 3).rsplit(" in ", 1)[0]

    assert summary(30) == "Generated 30 articles (0 already present)"
    assert summary(40) == "Generated 10 articles (30 already present)"
    assert summary(40) == "Generated 0 articles (40 already present)"
    assert Article.objects.count() == 40 and Source.objects.count() == 50
    article = Article.objects.get(original_name="generated/3/5.txt")
    expected = generated_article(3, 5)
    assert (article.title, article.slug, article.body, article.word_count) == (
        expected.title,
        slug_for(expected.title, "article"),
        body_text(expected.blocks),
        word_count(expected.blocks),
    )
    assert article.source.name == expected.source and article.language == "en"
    assert article.blocks and not article.original
    assert list(Article.objects.needs_review()) == list(Article.objects.undated())
    assert all(article.review_reasons == ["date"] for article in Article.objects.undated())


@pytest.mark.django_db
def test_generated_articles_are_searchable(client, django_capture_on_commit_callbacks):
    """Generated articles are in the search index as soon as the command returns."""
    with django_capture_on_commit_callbacks(execute=True):  # as outside a test's transaction
        generate_command("--count", 20, "--seed", 5)
    articles_with = Counter(
        word for article in Article.objects.all() for word in set(article.body.lower().split())
    )
    article = Article.objects.get(original_name="generated/5/0.txt")
    word = next(
        word
        for word in article.body.lower().split()
        if articles_with[word] == 1 and word.isalpha() and len(word) > 6
    )
    response = client.get("/search/", {"q": word})
    assert article.get_absolute_url() in response.content.decode()


@pytest.mark.django_db
def test_queries_grow_by_the_batch_not_by_the_article():
    """Every batch of articles costs the same few queries."""
    generate(0)  # the outlets, once
    one, two, three = (queries_for(n, seed=n, batch=10) for n in (10, 20, 30))
    assert three - two == two - one <= 10
