"""A search's CSV and JSONL downloads: what visitors, readers and staff each get."""

import codecs
import csv
import io
import json
from datetime import date
from urllib.parse import quote

import pytest
from django.test import Client

from archive.models import Article
from archive.vocabulary.terms import EXPORT_FIELDS
from tests.helpers import staff_with

pytestmark = pytest.mark.django_db

# The editors' notes on an article, and the name its file had where it was imported.
STAFF_FIELDS = {"needs_review", "review_reasons", "date_hint", "original_name"}
PUBLIC_FIELDS = [field for field in EXPORT_FIELDS if field not in STAFF_FIELDS]
EXPORTS = ["/search/export.csv", "/search/export.jsonl"]


@pytest.fixture
def budget_talks(make_article, django_capture_on_commit_callbacks):
    """Five indexed articles about budget talks, flagged for review with an editor's notes."""
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            make_article(
                title=f"Budget talks {i}",
                published=date(2024, 3, 1 + i),
                body="Budget talks resumed in parliament on Monday.",
                date_hint="on Monday (March 3)",
                needs_review=True,
                review_reasons=["date"],
                original_name=f"/home/editor/leaks/budget-{i}.txt",
            )


@pytest.fixture
def reader_client(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader"))
    return client


@pytest.fixture
def staff_client(django_user_model):
    return staff_with(django_user_model, "view_article")


def download(client, url):
    """Return the response to a search for 'budget', oldest first, at `url`, and its records."""
    response = client.get(url, {"q": "budget", "sort": "oldest"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    if url.endswith(".csv"):
        return response, list(csv.DictReader(io.StringIO(text)))
    return response, [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("url", EXPORTS)
@pytest.mark.parametrize("who", ["anonymous", "reader", "staff without permissions"])
def test_public_downloads_leave_the_editors_fields_out(
    request, django_user_model, budget_talks, url, who
):
    """Visitors, readers and staff who may not view articles get every result without
    review flags, date hints or file names."""
    if who == "staff without permissions":
        client = staff_with(django_user_model)
    else:
        client = request.getfixturevalue("client" if who == "anonymous" else "reader_client")
    _, records = download(client, url)
    assert len(records) == 5
    assert {tuple(record) for record in records} == {tuple(PUBLIC_FIELDS)}
    body = json.dumps(records)
    assert "leaks" not in body and "March 3" not in body


@pytest.mark.parametrize("url", EXPORTS)
def test_staff_downloads_hold_every_field(staff_client, budget_talks, url):
    """Staff who may view articles (without being superusers) get the editors' fields as well."""
    _, records = download(staff_client, url)
    assert len(records) == 5
    assert {tuple(record) for record in records} == {EXPORT_FIELDS}
    assert records[0]["original_name"].startswith("/home/editor/leaks/budget-")


@pytest.mark.parametrize("url", EXPORTS)
def test_public_downloads_are_capped_and_say_so(client, settings, budget_talks, url):
    """Past ARCHIVE_PUBLIC_EXPORT_ROWS, a visitor's download holds the first rows, and its
    headers and file name say how many of how many."""
    settings.ARCHIVE_PUBLIC_EXPORT_ROWS = 3
    response, records = download(client, url)
    assert [record["title"] for record in records] == [f"Budget talks {i}" for i in range(3)]
    assert response["X-Archive-Export-Cap"] == "3"
    assert response["X-Archive-Export-Truncated"] == "true"
    assert response["X-Archive-Export-Total"] == "5"
    extension = url.rsplit(".", 1)[1]
    assert (
        f'filename="search-budget-{date.today().isoformat()}-first-3-of-5.{extension}"'
        in response["Content-Disposition"]
    )


@pytest.mark.parametrize("url", EXPORTS)
def test_public_downloads_within_the_cap_are_whole(client, settings, budget_talks, url):
    settings.ARCHIVE_PUBLIC_EXPORT_ROWS = 5
    response, records = download(client, url)
    assert len(records) == 5
    assert response["X-Archive-Export-Truncated"] == "false"
    assert response["X-Archive-Export-Cap"] == "5"
    assert f'filename="search-budget-{date.today().isoformat()}.' in response["Content-Disposition"]


@pytest.mark.parametrize("url", EXPORTS)
def test_staff_downloads_are_not_capped(staff_client, settings, budget_talks, url):
    settings.ARCHIVE_PUBLIC_EXPORT_ROWS = 3
    response, records = download(staff_client, url)
    assert len(records) == 5
    assert response["X-Archive-Export-Truncated"] == "false"
    assert "X-Archive-Export-Cap" not in response


def test_the_search_page_says_when_its_downloads_are_capped(
    client, staff_client, settings, budget_talks
):
    """A visitor is told the downloads hold only the first rows; staff, whose are whole, are not."""
    settings.ARCHIVE_PUBLIC_EXPORT_ROWS = 3
    visitor_page = client.get("/search/", {"q": "budget"}).text
    assert "The downloads hold the first 3 of these 5 results" in visitor_page
    staff_page = staff_client.get("/search/", {"q": "budget"}).text
    assert "The downloads hold the first" not in staff_page


def test_the_search_page_says_nothing_of_a_cap_it_is_within(client, settings, budget_talks):
    settings.ARCHIVE_PUBLIC_EXPORT_ROWS = 5
    assert "The downloads hold the first" not in client.get("/search/", {"q": "budget"}).text


def test_csv_downloads_are_utf8_with_a_bom_and_formulas_as_text(
    client, make_article, django_capture_on_commit_callbacks
):
    """Cells a spreadsheet would run as formulas start with ', and the file with a BOM."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            title='=HYPERLINK("http://attacker.example/","Médecins")',
            source="-2+3+cmd|' /C calc'!A0",
            author="@SUM(1+1)",
            body="Budget talks resumed in parliament on Monday.",
        )
    response = client.get("/search/export.csv", {"q": "budget"})
    content = b"".join(response.streaming_content)
    assert content.startswith(codecs.BOM_UTF8 + b"id,permalink,title,")
    [row] = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    assert row["title"] == '\'=HYPERLINK("http://attacker.example/","Médecins")'
    assert (row["source"], row["author"]) == ("'-2+3+cmd|' /C calc'!A0", "'@SUM(1+1)")
    assert row["id"].isdigit() and row["word_count"] == "7"


@pytest.mark.parametrize("url", EXPORTS)
def test_each_row_links_to_the_articles_page_in_the_archive(client, budget_talks, url):
    """A researcher can go from a spreadsheet row back to the article, and cite it."""
    _, records = download(client, url)
    for record in records:
        article = Article.objects.get(pk=record["id"])
        assert record["permalink"] == f"http://testserver{article.get_absolute_url()}"
        assert client.get(record["permalink"]).status_code == 200


def test_a_download_is_named_after_its_query_in_any_script(client, budget_talks):
    response = client.get("/search/export.csv", {"q": "قاسم سلیمانی"})
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''"
        + quote(f"search-قاسم-سلیمانی-{date.today().isoformat()}.csv")
    )
