"""The import pipeline: files become articles once each, with their originals kept."""

import json
from datetime import date
from pathlib import Path

import pytest

from archive.importing.saving import import_document, import_paths
from archive.models import Article, DateFrom, Source, SourceAlias
from tests.helpers import A_CRAWL, DATA, FIRST, FIXTURES, import_command, run_import, warc
from tests.helpers import PLAIN_STORY as STORY

EXPECTATIONS = json.loads((DATA / "seed_expectations.json").read_text())
SEEDS = sorted(name for name in EXPECTATIONS if not name.startswith("_"))

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", SEEDS)
def test_importing_fixtures_gives_every_expected_field(name):
    """Importing fixtures/ stores each seed with exactly the metadata expected of it."""
    assert import_command(FIXTURES) == 0
    expected = EXPECTATIONS[name]
    article = Article.objects.with_related().get(original_name=f"fixtures/{name}")
    paragraphs = [block.text for block in article.blocks]

    if "title" in expected:
        assert article.title == expected["title"]
    else:
        assert len(article.title) <= 120 and paragraphs[0].startswith(article.title.rstrip("…"))
    assert article.published == (
        date.fromisoformat(expected["published"]) if expected["published"] else None
    )
    assert article.date_from == expected.get("date_from", "")
    assert article.date_hint == expected.get("date_hint", article.date_hint)
    assert (article.source.name if article.source else None) == expected["source"]
    assert article.subheadings == expected["subheadings"]
    assert paragraphs[0].startswith(expected["body_starts"])
    assert paragraphs[-1].endswith(expected["body_ends"])
    for text in expected["not_in_body"]:
        assert text not in article.body
    assert article.needs_review == expected["review"]
    assert set(expected["review_reasons"]) <= set(article.review_reasons)
    assert article.original.read() == (FIXTURES / name).read_bytes()


def test_the_same_original_twice_changes_nothing():
    """A second import of the same files reports them as already present."""
    first = import_paths([FIXTURES])
    second = import_paths([FIXTURES])
    assert len(first.imported) == 5
    assert (len(second.imported), len(second.already_present)) == (0, 5)
    assert Article.objects.count() == 5


def test_editors_changes_survive_a_reimport():
    """An editor's title and date stay when the same original is imported again."""
    import_paths([FIXTURES / SEEDS[0]])
    article = Article.objects.get()
    article.title, article.published = "Conference in Mashhad", date(2025, 12, 26)
    article.apply_editor_changes(["title", "published"])
    article.save()

    import_paths([FIXTURES / SEEDS[0]])
    article.refresh_from_db()
    assert (article.title, article.published, article.date_from) == (
        "Conference in Mashhad",
        date(2025, 12, 26),
        DateFrom.EDITOR,
    )
    assert "date" not in article.review_reasons


def test_a_bad_file_is_rejected_by_name_and_the_rest_imported(inbox):
    """One unreadable file in a batch is reported with its reason; the others are imported."""
    (inbox / "good.txt").write_text(STORY)
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.7 binary")
    (inbox / "empty.txt").write_bytes(b"")
    result = import_paths([inbox])
    assert [article.title for article in result.imported] == ["Talks resume"]
    assert {(Path(r.name).name, r.reason.split(",")[0]) for r in result.rejected} == {
        ("scan.pdf", "this is a PDF document"),
        ("empty.txt", "the file is empty"),
    }
    assert Article.objects.count() == 1


def test_files_over_the_size_limit_are_rejected_unread(inbox, settings):
    """A file larger than ARCHIVE_MAX_FILE_BYTES is rejected, naming the limit."""
    settings.ARCHIVE_MAX_FILE_BYTES = 1000
    big = inbox / "big.txt"
    big.write_text(STORY * 50)
    [rejection] = import_paths([big]).rejected
    assert "over the 0.001 MB limit (ARCHIVE_MAX_FILE_BYTES)" in rejection.reason
    assert not Article.objects.exists()


def test_hidden_files_in_directories_are_skipped(inbox):
    """Files like .DS_Store inside an imported folder are not imported or rejected."""
    (inbox / ".DS_Store").write_bytes(b"\x00\x01")
    (inbox / "story.txt").write_text(STORY)
    result = import_paths([inbox])
    assert (len(result.imported), result.rejected) == (1, [])


def test_spellings_of_an_outlet_find_one_source():
    """'firstpost', 'Firstpost.com' and an editor's alias all land on the same Source."""
    outlet = Source.objects.create(name="firstpost")
    SourceAlias.objects.create(source=outlet, name="FP News")
    for i, spelling in enumerate(["Firstpost.com", "www.firstpost.com", "FP News"]):
        import_document(f"{STORY}\nStory {i}.\n\nSource » {spelling}".encode(), f"{i}.txt")
    assert Source.objects.count() == 1
    assert outlet.articles.count() == 3


def test_source_option_names_the_outlet_of_files_that_name_none():
    """--source fills in the outlet where the file gives none, and keeps one that it gives."""
    import_document(STORY.encode(), "a.txt", source="Reuters")
    import_document(f"{STORY}\nSource » AFP".encode(), "b.txt", source="Reuters")
    assert dict(Article.objects.values_list("original_name", "source__name")) == {
        "a.txt": "Reuters",
        "b.txt": "AFP",
    }
    assert "source" not in Article.objects.get(original_name="a.txt").review_reasons


def test_saved_pages_are_imported_with_their_metadata():
    """A folder of saved pages imports every page; its expectations file is refused as JSON."""
    pages = DATA / "pages"
    result = import_paths([pages])
    assert len(result.imported) == len(list(pages.glob("*.html")))
    assert [(r.name, r.reason.split(":")[0]) for r in result.rejected] == [
        ("pages/expected.json", "a JSON document, not JSONL")
    ]
    expected = json.loads((pages / "expected.json").read_text())["tehran_chronicle.html"]
    article = Article.objects.with_related().get(original_name="pages/tehran_chronicle.html")
    assert (article.title, article.source.name) == (expected["title"], expected["source"])
    assert (
        str(article.published) == expected["published"] and article.date_from == DateFrom.METADATA
    )
    assert article.original_format == "html" and article.download_name == "tehran_chronicle.html"


def test_warc_records_become_articles_with_their_original_pages(inbox):
    """Each HTML response in a WARC is one article whose original is that page."""
    (inbox / "crawl.warc.gz").write_bytes(warc(*A_CRAWL))
    status, out, _ = run_import(inbox)
    assert status == 0 and "Imported 2 articles" in out
    article = Article.objects.get(url="https://herald.example/kerman")
    assert article.original.read() == FIRST
    assert article.download_name.endswith(".html")
    assert run_import(inbox)[1].startswith("Imported 0 articles, 2 already present")


def test_importing_again_indexes_an_article_the_index_lacks(
    client, search_index, django_capture_on_commit_callbacks
):
    """An import killed before its batch reached the index leaves articles saved but
    unsearchable; running it again says 'already present' and makes them searchable."""
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([FIXTURES])
    lost = Article.objects.get(title__startswith="Second International")
    assert lost.pk in found(client, '"Second International"')
    search_index.remove(lost)
    assert lost.pk not in found(client, '"Second International"')

    with django_capture_on_commit_callbacks(execute=True):
        result = import_paths([FIXTURES])
    assert (result.imported, len(result.already_present)) == ([], 5)
    assert lost.pk in found(client, '"Second International"')


def found(client, query):
    page = client.get("/search/", {"q": query})
    return {int(result.pk) for result in page.context["page_obj"].object_list}
