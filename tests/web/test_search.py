"""Search at /search/: the query language, filters, facets, snippets, variants and aliases,
through the real Whoosh index."""

import csv
import io
import json
from datetime import date
from xml.etree import ElementTree

import hypothesis
import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import strategies

from archive.models import AliasGroup, Article, Source
from archive.search.indexing import index_articles
from tests.helpers import count_queries

SEED_TITLES = {
    "000": "Second International",
    "001": "A commemorative ceremony",
    "002": "Lieutenant General Qasem",
    "003": "Iran’s Leader Honors",
    "004": "Iran held rallies",
}

pytestmark = pytest.mark.django_db


def found(client, **params):
    """Return the seed numbers ('000'…'004') a search finds, and the response."""
    response = client.get(reverse("archive:search"), params)
    assert response.status_code == 200
    titles = (
        [hit.article.title for hit in response.context["hits"]]
        if "hits" in response.context
        else []
    )
    seeds = {
        number
        for number, start in SEED_TITLES.items()
        for title in titles
        if title.startswith(start)
    }
    return seeds, response


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("soleimani", {"000", "001", "002", "003", "004"}),
        ('"drone strike"', {"003", "004"}),
        ("drone strike", {"003", "004"}),
        ("soleimani -drone", {"000", "001", "002"}),
        ('soleimani -"drone strike"', {"000", "001", "002"}),
        ("mashhad OR moscow", {"000", "001"}),
        ("(mashhad OR moscow) -russia", {"000"}),
        ("title:legacy", {"003"}),
        ('title:"al-ghaliboon"', {"000"}),
        ("source:firstpost", {"004"}),
        ("source:ahlulbayt rallies", set()),
        ("commemorat*", {"001", "004"}),
        ("-soleimani", set()),
        ("-drone", {"000", "001", "002"}),
    ],
)
def test_query_forms_find_exactly_the_matching_articles(client, seeds, q, expected):
    """Words, phrases, exclusions, OR, groups, field prefixes and wildcards each find what they say."""
    assert found(client, q=q)[0] == expected


def test_a_name_finds_all_its_spellings_and_exact_ranks_first(client, seeds):
    """'Qassem' finds Qasem and Qassem alike; the exact spelling ranks above the variant."""
    seeds_found, response = found(client, q="qassem")
    assert seeds_found == set(SEED_TITLES)
    ranked = [hit.article.title for hit in response.context["hits"]]
    assert ranked[-1].startswith(SEED_TITLES["004"])  # the only one spelling it 'Qasem' alone
    assert "Qasem" in response.context["variants"]
    assert "Also matched other spellings: Qasem" in response.text


def test_exact_spelling_switch_leaves_variants_out(client, seeds):
    """With 'exact spelling only', 'qassem' finds only the articles that spell it so."""
    assert found(client, q="qassem", exact="1")[0] == {"000", "001", "002", "003"}


def test_alias_groups_search_every_member_without_reindexing(client, seeds):
    """An editor's group ISIL = ISIS = Daesh = Islamic State makes 'daesh' find all of them."""
    assert found(client, q="daesh")[0] == set()
    AliasGroup.objects.create(name="Islamic State", members="ISIL\nISIS\nDaesh\nIslamic State")
    assert found(client, q="daesh")[0] == {"001", "002", "004"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2024", "to": "2024"}, {"002"}),
        ({"from": "2024-12"}, {"002", "004"}),
        ({"to": "2023-12-31"}, {"003"}),
        ({"from": "2025-01-02", "to": "2025-01-02"}, {"004"}),
        ({"source": "firstpost"}, {"004"}),
        ({"source": ["firstpost", "ahlulbayt-news-agency"]}, {"001", "004"}),
    ],
)
def test_filters_narrow_the_results(client, seeds, params, expected):
    """Date ranges (year, month or day) and one or more sources narrow a search."""
    assert found(client, q="soleimani", **params)[0] == expected


def test_a_bad_date_filter_is_explained_and_ignored(client, seeds):
    """'from=2024-13' is reported as no date, and the search runs without it."""
    seeds_found, response = found(client, q="soleimani", **{"from": "2024-13"})
    assert seeds_found == set(SEED_TITLES)
    assert "is not a date in the calendar" in response.text


def test_filters_alone_list_articles(client, seeds):
    """With no words, a source filter lists that source's articles."""
    assert found(client, source="firstpost")[0] == {"004"}


def test_sorting_by_date(client, seeds):
    """Newest first puts 2025 before 2024 before 2023; oldest first the other way."""
    _, response = found(client, q="soleimani", sort="newest")
    dates = [hit.article.published for hit in response.context["hits"] if hit.article.published]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3
    _, response = found(client, q="soleimani", sort="oldest")
    dates = [hit.article.published for hit in response.context["hits"] if hit.article.published]
    assert dates == sorted(dates)


def test_facet_counts_match_the_database(client, seeds):
    """Counts by source and by year are those of the whole result set."""
    _, response = found(client, q="soleimani")
    sources = {source.name: count for source, count in response.context["sources"]}
    assert sources == {"firstpost": 1, "AhlulBayt News Agency": 1}
    assert dict(response.context["years"]) == {"2025": 1, "2024": 1, "2023": 1}
    for source in Source.objects.all():
        assert sources[source.name] == Article.objects.filter(source=source).count()


def test_facets_keep_whole_names_and_are_not_stemmed(
    client, make_article, django_capture_on_commit_callbacks
):
    """'New York Times' is one facet value and 'Reuters' stays 'Reuters'."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            body="Markets fell sharply in Tokyo on Monday, traders said.", source="New York Times"
        )
        make_article(body="Markets rose in Frankfurt on Tuesday, traders said.", source="Reuters")
    _, response = found(client, q="markets")
    assert {source.name for source, _ in response.context["sources"]} == {
        "New York Times",
        "Reuters",
    }


def test_snippets_highlight_matches_and_escape_the_text(
    client, make_article, django_capture_on_commit_callbacks
):
    """Matched words are wrapped in <mark>; the article's own markup is shown as text."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            body="Protesters chanted <b>slogans</b> as the rallies grew in Tehran on Friday."
        )
    _, response = found(client, q="rally")
    assert "<mark>rallies</mark>" in response.text
    assert "&lt;b&gt;slogans&lt;/b&gt;" in response.text


def test_spelling_suggestion_when_nothing_is_found(client, seeds):
    """A misspelt word that finds nothing gets 'Did you mean', linking to the corrected search."""
    seeds_found, response = found(client, q="mashad", exact="1")
    assert seeds_found == set()
    assert response.context["suggestion"] == "mashhad"
    assert "Did you mean" in response.text and "q=mashhad" in response.text


def test_results_over_time_link_to_their_period(client, seeds):
    """The timeline has a bar per year from the first to the last result, each a link."""
    _, response = found(client, q="soleimani")
    periods = [bar.period for bar in response.context["timeline"]]
    assert periods == ["2023", "2024", "2025"]
    assert "from=2024&amp;to=2024" in response.text


def test_pagination_keeps_every_parameter(client, make_article, django_capture_on_commit_callbacks):
    """Page links carry the query, filters and sort along."""
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(25):
            make_article(
                title=f"Budget talks {i}",
                body="Budget talks resumed in parliament on Monday.",
                source="Reuters",
            )
    _, response = found(client, q="budget", source="reuters", sort="newest")
    assert response.context["total"] == 25
    assert "q=budget&amp;source=reuters&amp;sort=newest&amp;page=2" in response.text
    assert (
        len(found(client, q="budget", source="reuters", sort="newest", page="2")[1].context["hits"])
        == 5
    )


def test_exports_hold_the_whole_result_set(
    client, make_article, django_capture_on_commit_callbacks
):
    """CSV and JSONL downloads hold every result, not just the first page."""
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(25):
            make_article(
                title=f"Budget talks {i}", body="Budget talks resumed in parliament on Monday."
            )
        make_article(title="Weather", body="Rain is expected across the north on Monday.")
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get("/search/export.csv", {"q": "budget"}).streaming_content
                ).decode()
            )
        )
    )
    assert len(rows) == 25 and all(row["title"].startswith("Budget talks") for row in rows)
    lines = (
        b"".join(client.get("/search/export.jsonl", {"q": "budget"}).streaming_content)
        .decode()
        .splitlines()
    )
    assert len(lines) == 25 and json.loads(lines[0])["title"].startswith("Budget talks")


def test_search_feed_is_atom_with_the_results(client, seeds):
    """The search's feed is valid Atom XML with one entry per matching article."""
    response = client.get("/search/feed/", {"q": '"drone strike"'})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    assert len(feed.findall("atom:entry", ns)) == 2
    assert "drone strike" in feed.find("atom:title", ns).text


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        "(((",
        ")",
        ":",
        "title:",
        "source:",
        "-",
        "OR",
        "AND NOT",
        "*",
        "a*",
        "x" * 5000,
        "soleimani " * 600,
        "\x00\x01\x1f",
        "🔥🇮🇷",
        "'; DROP TABLE archive_article; --",
        "<script>alert(1)</script>",
        "ایران سلیمانی",
        "title:(",
        '"" ""',
        "\\",
        "%",
        "{}[]^~",
    ],
)
def test_any_query_string_gives_a_page(client, seeds, q):
    """Hostile or odd strings give a results page, never a server error."""
    response = client.get(reverse("archive:search"), {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text


def test_index_follows_edits_deletes_and_renames(client, seeds, django_capture_on_commit_callbacks):
    """An edit, a source rename and a delete reach the index as soon as they are saved."""
    article = Article.objects.get(title__startswith=SEED_TITLES["003"])
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Zeinab Soleimani speaks"
        article.save()
    _, response = found(client, q="title:zeinab")
    assert [hit.article.pk for hit in response.context["hits"]] == [article.pk]

    with django_capture_on_commit_callbacks(execute=True):
        source = Source.objects.get(name="firstpost")
        source.name = "Firstpost India"
        source.save()
    assert found(client, q='source:"firstpost india"')[0] == {"004"}

    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(title__startswith=SEED_TITLES["004"]).delete()
    assert found(client, q="rallies")[0] == set()


def test_search_page_runs_a_fixed_number_of_queries(
    client, make_article, django_capture_on_commit_callbacks
):
    """A page of 20 results, from as many sources, costs the same SQL queries as a page of 3."""
    pages = []

    def search():
        response = client.get(reverse("archive:search"), {"q": "budget"})
        assert response.status_code == 200
        pages.append(response)

    def queries_with(rows):
        with django_capture_on_commit_callbacks(execute=True):
            for i in range(Article.objects.count(), rows):
                make_article(
                    title=f"Budget talks {i}",
                    body="Budget talks resumed in parliament on Monday.",
                    source=f"Outlet {i}",
                )
        return count_queries(search)

    assert queries_with(3) == queries_with(30)
    assert [len(page.context["hits"]) for page in pages] == [3, 20]


@hypothesis.settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(q=strategies.text(max_size=300))
def test_arbitrary_strings_never_give_a_server_error(client, seeds, q):
    """Whatever is typed into the box, /search/ answers with a page."""
    assert client.get(reverse("archive:search"), {"q": q}).status_code == 200


def test_the_nearest_spelling_is_suggested_not_the_most_frequent(
    client, make_article, django_capture_on_commit_callbacks
):
    """'mashad' suggests 'mashhad' (one letter away) even where 'assad' is far more frequent."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(body="A conference was held in Mashhad on Saturday evening, organisers said.")
        for i in range(5):
            make_article(
                title=f"Assad {i}",
                body="Assad met Assad's ministers; Assad spoke of Assad's plans.",
            )
    assert found(client, q="mashad", exact="1")[1].context["suggestion"] == "mashhad"


def test_a_rebuilt_index_finds_what_the_kept_up_one_found(
    client, seeds, django_capture_on_commit_callbacks
):
    """rebuild_index writes with one process per core; the index it leaves finds the same
    articles for words, variants, wildcards and phrases, suggests the same spellings,
    and takes later edits without keeping the old entry."""
    queries = ["soleimani", "qasem", "commemorat*", '"drone strike"', "title:ceremony", "-iran"]
    before = {q: found(client, q=q)[0] for q in queries}
    suggestion = found(client, q="soleimeni", exact="1")[1].context["suggestion"]
    assert suggestion == "soleimani", suggestion
    call_command("rebuild_index", interactive=False, stdout=io.StringIO(), stderr=io.StringIO())
    assert {q: found(client, q=q)[0] for q in queries} == before
    assert (
        found(client, q="soleimeni", exact="1")[1].context["suggestion"]
        == suggestion
        == "soleimani"
    )

    article = Article.objects.get(title__startswith=SEED_TITLES["001"])
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "A remembrance ceremony"
        article.save()

    def found_pks(q):
        return [hit.article.pk for hit in found(client, q=q)[1].context["hits"]]

    assert article.pk not in found_pks("title:commemorative")
    assert found_pks("title:remembrance") == [article.pk]
    assert found(client, q="-nowhere")[1].context["total"] == Article.objects.count()


def test_the_search_page_without_parameters_shows_the_empty_form(client, seeds):
    """/search/ as typed into the address bar offers the search box and no results."""
    response = client.get(reverse("archive:search"))
    assert response.status_code == 200
    assert 'name="q"' in response.text and "result" not in response.text.lower()


def test_admin_edits_and_merges_reach_the_index(
    client, seeds, admin_client, django_capture_on_commit_callbacks
):
    """Saving the change form and merging two sources in the admin update search at once."""
    article = Article.objects.get(title__startswith=SEED_TITLES["003"])
    form = (
        admin_client.get(reverse("admin:archive_article_change", args=[article.pk]))
        .context["adminform"]
        .form
    )
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {
        "title": "Khamenei meets the Soleimani family",
        "source": "",
        "published": "2023-12-31",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:archive_article_change", args=[article.pk]), data
        )
    assert response.status_code == 302
    _, response = found(client, q="title:khamenei")
    assert [hit.article.pk for hit in response.context["hits"]] == [article.pk]

    abna = Source.objects.get(name="AhlulBayt News Agency")
    spelling = Source.objects.create(name="ABNA News")
    with django_capture_on_commit_callbacks(execute=True):
        moved = Article.objects.get(title__startswith=SEED_TITLES["004"])
        moved.source = spelling
        moved.save()
        admin_client.post(
            reverse("admin:archive_source_changelist"),
            {
                "action": "merge_sources",
                "_selected_action": [abna.pk, spelling.pk],
                "confirm": "yes",
                "survivor": abna.pk,
            },
        )
    assert found(client, source="ahlulbayt-news-agency")[0] == {"001", "004"}
    assert list(abna.aliases.values_list("name", flat=True)) == ["ABNA News"]


def test_needs_review_filter_is_for_staff_only(client, seeds, admin_client):
    """Staff can narrow a search to articles needing review; for visitors the filter does nothing."""
    assert found(admin_client, q="soleimani", review="1")[0] == set(
        SEED_TITLES
    )  # all five are flagged
    Article.objects.filter(title__startswith=SEED_TITLES["003"]).update(needs_review=False)
    index_articles(Article.objects.values_list("pk", flat=True))
    assert found(admin_client, q="soleimani", review="1")[0] == set(SEED_TITLES) - {"003"}
    assert found(client, q="soleimani", review="1")[0] == set(SEED_TITLES)
    assert "Needs review" not in found(client, q="soleimani")[1].text


def test_article_page_lists_related_articles(client, seeds):
    """An article page lists up to five articles most like it."""
    article = Article.objects.get(title__startswith=SEED_TITLES["004"])
    response = client.get(article.get_absolute_url())
    related = response.context["related"]
    assert 0 < len(related) <= 5 and article not in related
    assert "Related articles" in response.text


def test_related_articles_fall_back_to_the_same_source_nearest_in_date(client, make_article):
    """Without an index entry, related articles are the same outlet's nearest in date."""
    near = make_article(title="Near", published=date(2024, 5, 2), source="Reuters")
    make_article(title="Far", published=date(2020, 1, 1), source="Reuters")
    make_article(title="Other outlet", published=date(2024, 5, 1), source="AFP")
    article = make_article(title="Here", published=date(2024, 5, 1), source="Reuters")
    related = client.get(article.get_absolute_url()).context["related"]
    assert [other.title for other in related] == ["Near", "Far"] and related[0] == near
