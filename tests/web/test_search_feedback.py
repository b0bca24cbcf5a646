"""The search page says what it did: no "Did you mean" that finds no more, no query that
quietly finds nothing, facets that add up, and a search box on every source's page."""

from datetime import date

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def coverage(make_article, django_capture_on_commit_callbacks):
    """Six articles: Trump and Biden apart, one on a plague, one undated, one of Reuters."""
    with django_capture_on_commit_callbacks(execute=True):
        make_article(
            title="Following Trump to nowhere",
            body="A rally in the desert, following trump to nowhere in particular.",
            published=date(2024, 3, 1),
        )
        make_article(
            title="Biden in Ohio",
            body="Biden spoke to workers in Ohio.",
            published=date(2024, 5, 2),
        )
        make_article(
            title="Trump in Iowa",
            body="Trump spoke to farmers in Iowa.",
            published=date(2025, 1, 9),
        )
        make_article(
            title="A plague of locusts",
            body="The plague came in spring. Farms were plagued for weeks.",
            published=date(2025, 2, 3),
        )
        make_article(title="Undated notes", body="Notes on trump cards and plagued harvests.")
        make_article(
            title="Reuters on the talks",
            body="Talks on the budget resumed, Libération reported.",
            published=date(2025, 4, 4),
            source="Reuters",
        )


def search(client, **params):
    response = client.get(reverse("archive:search"), params)
    assert response.status_code == 200
    return response


def titles(response):
    return {hit.article.title for hit in response.context["hits"]}


@pytest.mark.parametrize(
    "typed",
    [
        '"following trump to nowhere"',
        "title:nowhere",
        "plague",
        '"trump in iowa" -ohio',
        "Libération",
    ],
)
def test_a_query_that_found_what_it_should_gets_no_suggestion(client, coverage, typed):
    response = search(client, q=typed)
    assert titles(response)
    assert response.context["suggestion"] is None
    assert "Did you mean" not in response.text


def test_a_misspelt_word_gets_a_suggestion_that_finds_more(client, coverage):
    response = search(client, q="locustss")
    assert response.context["suggestion"] == "locusts"
    assert "Did you mean" in response.text


def test_a_word_too_common_to_search_is_named_not_corrected(client, coverage):
    response = search(client, q="the")
    assert response.context["total"] == 0
    assert '"the": too common or too short to be searched, so left out of the search.' in (
        response.content.decode().replace("&quot;", '"')
    )
    assert "Did you mean" not in response.text


def test_a_star_after_one_letter_is_named_not_corrected(client, coverage):
    response = search(client, q="c*")
    assert (
        "c*: a wildcard needs at least two letters before the star, so the star was ignored."
        in response.text
    )
    assert "Did you mean" not in response.text


def test_reversed_dates_are_swapped_and_said(client, coverage):
    response = search(client, q="trump", **{"from": "2025", "to": "2024"})
    assert titles(response) == {"Following Trump to nowhere", "Trump in Iowa"}
    assert (
        "From was after To, so the dates were swapped: "
        "searched from 1 January 2024 to 31 December 2025." in response.text
    )
    assert "Did you mean" not in response.text


def test_a_lowercase_or_between_two_words_is_read_as_or_and_said(client, coverage):
    response = search(client, q="trump or biden")
    assert titles(response) == titles(search(client, q="trump OR biden"))
    assert "Biden in Ohio" in titles(response) and "Trump in Iowa" in titles(response)
    assert '"or" between two words was read as OR' in response.content.decode().replace(
        "&quot;", '"'
    )


def test_the_years_facet_adds_up_with_the_undated(client, coverage):
    response = search(client, q="trump OR plague")
    years = dict(response.context["years"])
    assert response.context["undated"] == 1
    assert sum(years.values()) + response.context["undated"] == response.context["total"]
    assert 'Undated <span class="count">1</span>' in response.text


def test_the_date_boxes_hold_no_value_like_placeholders(client, coverage):
    response = search(client, q="trump")
    assert "placeholder=" not in response.text.split('name="from"')[1].split(">")[0]
    assert "a year, month or day, as YYYY, YYYY-MM or YYYY-MM-DD" in response.text


def test_a_source_page_searches_within_that_source(client, coverage):
    page = client.get(reverse("archive:source", args=["reuters"]))
    assert "Search within Reuters" in page.text
    assert '<input type="hidden" name="source" value="reuters">' in page.text
    response = search(client, q="talks", source="reuters")
    assert titles(response) == {"Reuters on the talks"}
