"""The article page: what a researcher needs to read it, find their search in it, and cite it."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.models import AliasGroup, DateFrom
from archive.web.citation import (
    Reference,
    bibtex,
    bibtex_escape,
    bibtex_key,
    citation,
    day_month_year,
)
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

DAY = date(2025, 1, 2)


def article_html(client, article, query=""):
    """Return the article's page as the client gets it, with an optional query string."""
    return client.get(article.get_absolute_url() + query).text


def marked(html):
    """Return the texts inside <mark> on the page, in order."""
    return re.findall(r"<mark>(.*?)</mark>", html)


def accessed_today():
    return day_month_year(timezone.localdate())


@pytest.fixture
def staff_client(django_user_model):
    """A client logged in as an editor: staff, allowed to view articles (and their originals)."""
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(editor)
    return client


# What the article is


def test_page_shows_title_source_link_author_and_original_url(client, make_article):
    """The title is the h1, the source links to its page, and the original URL is a nofollow link."""
    article = make_article(
        title="Rallies mark the anniversary",
        source="Firstpost",
        author="Jane Doe",
        url="https://www.firstpost.com/world/rallies.html",
    )
    html = article_html(client, article)
    assert "<h1>Rallies mark the anniversary</h1>" in html
    assert (
        f'<a href="{reverse("archive:source", args=[article.source.slug])}">Firstpost</a>' in html
    )
    assert "by Jane Doe" in html
    assert (
        '<a href="https://www.firstpost.com/world/rallies.html" rel="noopener noreferrer nofollow">'
        in html
    )


def test_an_article_without_source_says_so(client, make_article):
    """An article whose outlet is unknown says "Unknown source" and links no source page."""
    html = article_html(client, make_article(source=None))
    assert (
        "Unknown source" in html
        and "/sources/" not in html.split("<article")[1].split("</header>")[0]
    )


def test_body_subheadings_are_h2_and_paragraphs_p(client, make_article):
    """'## ' lines of the body are h2 headings and the other blocks paragraphs, in order."""
    article = make_article(body="First paragraph.\n\n## A key figure\n\nSecond paragraph.")
    html = article_html(client, article)
    assert re.search(
        r"<p>First paragraph\.</p>\s*<h2>A key figure</h2>\s*<p>Second paragraph\.</p>", html
    )


def test_page_has_one_article_with_header_footer_and_headings_in_order(client, make_article):
    """One <article> with a <header> and a <footer>; the h1 comes first and every other heading is an h2."""
    html = article_html(client, make_article(body="Intro.\n\n## A key figure\n\nMore."))
    assert html.count("<article") == 1 and "<header>" in html and "<footer>" in html
    main = html.split('<main id="content">')[1]
    assert re.findall(r"<h(\d)", main) == ["1", "2", "2"]
    assert '<h2 id="cite-heading">Cite this</h2>' in main


# How the date was found


@pytest.mark.parametrize(
    "date_from, hint, words",
    [
        (DateFrom.METADATA, "", "(from the page&#x27;s metadata)"),
        (DateFrom.HEADER, "", "(from the date line at the top of the file)"),
        (DateFrom.TEXT, "Thursday (January 2)", "(inferred from the text: Thursday (January 2))"),
        (DateFrom.EDITOR, "", "(set by an editor)"),
    ],
)
def test_the_date_says_how_it_was_found(client, make_article, date_from, hint, words):
    """Each way of finding a date is told in words beside the machine-readable date."""
    html = article_html(client, make_article(published=DAY, date_from=date_from, date_hint=hint))
    assert '<time datetime="2025-01-02">2 January 2025</time>' in html
    assert words in html
    assert "flagged for review" not in html


def test_an_undated_article_shows_the_hint_and_that_it_is_flagged(client, make_article):
    """An undated article says "Date unknown", what the text says, and that it awaits review."""
    article = make_article(
        published=None,
        date_hint="Saturday, December 26",
        needs_review=True,
        review_reasons=["date"],
    )
    html = article_html(client, article)
    assert (
        "<strong>Date unknown</strong> — the text says “Saturday, December 26”; flagged for review."
        in html
    )
    assert "<time" not in html.split("<article")[1].split("</header>")[0]


def test_a_date_under_review_is_marked_uncertain(client, make_article):
    """A dated article flagged for its date says the date is uncertain."""
    article = make_article(
        published=DAY,
        date_from=DateFrom.TEXT,
        date_hint="Thursday (January 2)",
        needs_review=True,
        review_reasons=["date"],
    )
    assert "<strong>uncertain</strong>; flagged for review" in article_html(client, article)


# The search that led here


def test_searched_words_are_marked_in_title_and_body_by_their_stems(client, make_article):
    """With ?q=, words sharing a stem with a searched word are marked in the title and the body."""
    article = make_article(
        title="Rallies mark the anniversary", body="A rally was held. Nothing else."
    )
    html = article_html(client, article, "?q=rally")
    assert marked(html) == ["Rallies", "rally"]


def test_spelling_variants_of_names_are_marked(client, make_article):
    """A search for Qassem marks Qasem, as the search results do."""
    article = make_article(title="Qasem remembered", body="Crowds honoured Qasem and Qassem alike.")
    assert marked(article_html(client, article, "?q=qassem")) == ["Qasem", "Qasem", "Qassem"]


def test_exact_spelling_turns_variants_off(client, make_article):
    """With exact=1 only the spelling searched for is marked."""
    article = make_article(title="Qasem remembered", body="Crowds honoured Qasem and Qassem alike.")
    assert marked(article_html(client, article, "?q=qassem&exact=1")) == ["Qassem"]


def test_alias_groups_and_prefixes_are_marked(client, make_article):
    """Members of an editor's alias group and words starting with a starred prefix are marked."""
    AliasGroup.objects.create(name="Islamic State", members="ISIS\nDaesh")
    article = make_article(body="Daesh claimed it, said Soleimani's aide.")
    assert marked(article_html(client, article, "?q=isis+solei*")) == ["Daesh", "Soleimani"]


def test_nothing_is_marked_without_a_query(client, make_article):
    """Without ?q= nothing is marked and there is no highlighting note."""
    html = article_html(client, make_article(title="Qasem remembered"))
    assert marked(html) == [] and "Highlighting" not in html


def test_highlighting_note_shows_the_query_and_a_link_to_clear_it(client, make_article):
    """The note names the search, escaped, and links to the page without it."""
    article = make_article(title="Qasem remembered")
    html = article_html(client, article, "?q=qasem+%3Cb%3E")
    assert (
        f'Highlighting: qasem &lt;b&gt; · <a href="{article.get_absolute_url()}">clear</a>'
    ) in html


def test_a_query_with_nothing_to_mark_shows_no_note(client, make_article):
    """A search of exclusions only marks nothing and shows no note."""
    html = article_html(client, make_article(), "?q=-rallies")
    assert marked(html) == [] and "Highlighting" not in html


def test_text_around_and_inside_marks_is_escaped(client, make_article):
    """Markup in the text stays text, inside and outside the marks."""
    article = make_article(body="<b>Qassem</b> & <i>others</i>")
    html = article_html(client, article, "?q=qassem")
    assert "<p>&lt;b&gt;<mark>Qassem</mark>&lt;/b&gt; &amp; &lt;i&gt;others&lt;/i&gt;</p>" in html


# Previous and next


def neighbour_links(html):
    """Return the (rel, href) of the links in the previous/next navigation."""
    nav = re.search(
        r'<nav [^>]*aria-label="Previous and next article">(.*?)</nav>', html, re.DOTALL
    )
    return re.findall(r'<a rel="(prev|next)" href="([^"]+)"', nav.group(1)) if nav else []


def test_previous_and_next_follow_the_dates_then_the_ids(client, make_article):
    """Previous is the article just before by date (then id), next the one just after."""
    oldest = make_article(title="Oldest", published=date(2024, 12, 30))
    first_of_day = make_article(title="First of the day", published=DAY)
    second_of_day = make_article(title="Second of the day", published=DAY)
    newest = make_article(title="Newest", published=date(2025, 1, 5))
    make_article(title="Undated", published=None)
    assert neighbour_links(article_html(client, first_of_day)) == [
        ("prev", oldest.get_absolute_url()),
        ("next", second_of_day.get_absolute_url()),
    ]
    html = article_html(client, second_of_day)
    assert neighbour_links(html) == [
        ("prev", first_of_day.get_absolute_url()),
        ("next", newest.get_absolute_url()),
    ]
    assert '← Previous: First of the day</a> <span class="meta">2 January 2025</span>' in html
    assert "Next: Newest →" in html


def test_the_first_and_last_dated_articles_have_one_neighbour(client, make_article):
    """The oldest article has no previous one and the newest no next one."""
    oldest = make_article(published=date(2024, 12, 30))
    newest = make_article(published=DAY)
    assert neighbour_links(article_html(client, oldest)) == [("next", newest.get_absolute_url())]
    assert neighbour_links(article_html(client, newest)) == [("prev", oldest.get_absolute_url())]


def test_a_lone_article_has_no_neighbour_navigation(client, make_article):
    """With nothing before or after, there is no previous/next navigation."""
    assert 'aria-label="Previous and next article"' not in article_html(
        client, make_article(published=DAY)
    )


def test_undated_articles_follow_one_another_by_id(client, make_article):
    """Undated articles link to the undated ones just before and after by id, never to dated ones."""
    make_article(published=DAY)
    first, second, third = (make_article(published=None) for _ in range(3))
    make_article(published=date(2025, 1, 3))
    assert neighbour_links(article_html(client, second)) == [
        ("prev", first.get_absolute_url()),
        ("next", third.get_absolute_url()),
    ]
    assert neighbour_links(article_html(client, first)) == [("next", second.get_absolute_url())]


# Citing


def cite_box(html):
    """Return the (citation, BibTeX) texts of the cite box, unescaped as a browser reads them."""
    texts = re.findall(
        r'<textarea id="cite-(?:text|bibtex)"[^>]*>(.*?)</textarea>', html, re.DOTALL
    )
    return tuple(unescape(text) for text in texts)


def test_cite_box_gives_the_citation_and_bibtex_with_the_canonical_archive_url(
    client, make_article
):
    """The cite box holds, labelled, the citation and BibTeX of the copy at its absolute URL."""
    article = make_article(
        title="Iran marks the anniversary",
        source="Firstpost",
        author="Jane Doe",
        url="https://www.firstpost.com/world/iran.html",
        published=DAY,
        date_from=DateFrom.HEADER,
    )
    html = article_html(client, article, "?q=iran")
    archive_url = f"http://testserver{article.get_absolute_url()}"
    assert '<label for="cite-text">Citation</label>' in html
    assert '<label for="cite-bibtex">BibTeX</label>' in html
    assert f'<link rel="canonical" href="{archive_url}">' in html
    assert cite_box(html) == (
        (
            "Jane Doe. “Iran marks the anniversary.” Firstpost, 2 January 2025. "
            "https://www.firstpost.com/world/iran.html. "
            f"Archived copy: {archive_url}, accessed {accessed_today()}."
        ),
        (
            "@article{firstpost2025iran,\n"
            "  title = {Iran marks the anniversary},\n"
            "  author = {Jane Doe},\n"
            "  journal = {Firstpost},\n"
            "  year = {2025},\n"
            "  month = jan,\n"
            "  day = {2},\n"
            "  url = {https://www.firstpost.com/world/iran.html},\n"
            f"  note = {{Archived copy: \\url{{{archive_url}}}}},\n"
            f"  urldate = {{{timezone.localdate().isoformat()}}}\n"
            "}"
        ),
    )


def test_cite_box_of_an_article_without_author_source_or_date(client, make_article):
    """Without author, source, date or URL the citation says "n.d." and BibTeX is a @misc without them."""
    article = make_article(title="Rallies mark the anniversary", source=None, published=None)
    text, entry = cite_box(article_html(client, article))
    archive_url = f"http://testserver{article.get_absolute_url()}"
    assert text == (
        f"“Rallies mark the anniversary.” n.d. Archived copy: {archive_url}, accessed {accessed_today()}."
    )
    assert entry.startswith(
        "@misc{anonrallies,\n  title = {Rallies mark the anniversary},\n  note = "
    )
    assert not re.search(r"^\s*(author|journal|year|month|day|url) =", entry, re.MULTILINE)


# Staff


def test_visitors_see_no_staff_links(client, make_article):
    """Visitors get neither the admin link nor the original's."""
    article = make_article()
    article.original.save("ab/abc.txt", ContentFile(b"Rallies mark the anniversary"), save=True)
    html = article_html(client, article)
    assert "Edit in the admin" not in html and "original" not in html.lower().split("<article")[1]


def test_staff_get_the_admin_and_original_links(staff_client, make_article):
    """Staff get "Edit in the admin" and the original as imported, to download or view as text."""
    article = make_article()
    article.original.save("ab/abc.txt", ContentFile(b"Rallies mark the anniversary"), save=True)
    html = article_html(staff_client, article)
    original = reverse("archive:original", args=[article.pk])
    admin = reverse("admin:archive_article_change", args=[article.pk])
    assert f'<a href="{admin}">Edit in the admin</a>' in html
    assert f'<a href="{original}">Download the original as imported</a>' in html
    assert f'<a href="{original}?view=text">view as text</a>' in html


def test_staff_who_may_not_view_articles_get_no_original_link(django_user_model, make_article):
    """Staff without the permission to view articles are not offered the original they would be refused."""
    article = make_article()
    article.original.save("ab/abc.txt", ContentFile(b"Rallies mark the anniversary"), save=True)
    client = Client()
    client.force_login(django_user_model.objects.create_user("clerk", is_staff=True))
    assert "original" not in article_html(client, article).lower().split("<article")[1]


def test_staff_get_no_original_link_when_none_was_kept(staff_client, make_article):
    """An article restored without its original offers no download."""
    assert "Download the original" not in article_html(staff_client, make_article())


def test_review_notice_with_reasons_is_for_staff_only(client, staff_client, make_article):
    """Staff see "Needs review" with the readable reasons; visitors don't."""
    article = make_article(needs_review=True, review_reasons=["title", "source"], source=None)
    notice = "<strong>Needs review</strong>: title derived from the first sentence; source unknown."
    assert notice not in article_html(client, article)
    assert notice in article_html(staff_client, article)


# Cost


def big_article(make_article, paragraphs):
    body = "\n\n".join(
        f"## Part {n}\n\nQasem and Qassem spoke on Thursday in paragraph {n}."
        for n in range(paragraphs)
    )
    return make_article(source="Firstpost", author="Jane Doe", published=DAY, body=body)


# The article; the alias groups; previous; next; related (two: before and after in its
# source). Staff pay only for their session and user on top.
@pytest.mark.parametrize(("reader", "most_queries"), [("client", 6), ("staff_client", 8)])
@pytest.mark.parametrize("paragraphs", [1, 500])
def test_page_costs_a_fixed_number_of_queries(
    request, make_article, reader, most_queries, paragraphs
):
    """The page, with a search to mark, takes the same few queries whatever the article's size,
    with 3 articles of its source around it (its related articles) and 3 alias groups as with 30."""
    article = big_article(make_article, paragraphs)
    client = request.getfixturevalue(reader)

    def load():
        assert client.get(article.get_absolute_url() + "?q=qassem").status_code == 200

    def queries_with(rows):
        for n in range(AliasGroup.objects.count(), rows):
            days = n // 2 + 1  # alternately after and before the article's day
            make_article(
                source="Firstpost", published=DAY + timedelta(days=days if n % 2 == 0 else -days)
            )
            AliasGroup.objects.create(name=f"Group {n}", members=f"Name {n}\nOther name {n}")
        return count_queries(load)

    few = queries_with(3)
    assert few == queries_with(30)
    assert few <= most_queries


# Nothing from the article runs


def test_markup_in_every_field_is_shown_as_text(client, make_article):
    """Markup in title, author, source, body, hint and URL is escaped; a javascript: URL is not linked."""
    payload = '"><script>alert(1)</script><img src=x onerror=alert(2)></textarea>'
    article = make_article(
        title=payload,
        author=payload,
        source=f"Source {payload}",
        body=f"{payload}\n\n## {payload}",
        url="javascript:alert(3)//<script>",
        published=None,
        date_hint=payload,
    )
    for query in ("", "?q=script+img+alert"):
        html = article_html(client, article, query)
        assert (
            "<script>alert" not in html and "<img src=x" not in html and "</textarea>\n" not in html
        )
        assert 'href="javascript:' not in html.lower()
        assert "&lt;script&gt;" in html
    assert "Published at javascript:alert(3)//&lt;script&gt;" in article_html(client, article)


def test_only_web_urls_are_linked(client, make_article):
    """A URL is a link only when it is an http or https address."""
    for url, linked in [
        ("http://example.com/a", True),
        ("HTTPS://example.com/a", True),
        (" javascript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
    ]:
        html = article_html(client, make_article(url=url))
        assert ('rel="noopener noreferrer nofollow"' in html) is linked, url


# citation.py


REFERENCE = Reference(
    title="Iran marks the anniversary",
    author="Jane Doe",
    source="Firstpost",
    published=DAY,
    url="https://www.firstpost.com/world/iran.html",
    archive_url="https://archive.example/articles/1/iran-marks-the-anniversary/",
    accessed=date(2025, 3, 4),
)


def test_citation_reads_author_title_source_date_url_and_archived_copy():
    """A full reference reads like a Chicago citation, with the archived copy and when it was read."""
    assert citation(REFERENCE) == (
        "Jane Doe. “Iran marks the anniversary.” Firstpost, 2 January 2025. "
        "https://www.firstpost.com/world/iran.html. "
        "Archived copy: https://archive.example/articles/1/iran-marks-the-anniversary/, accessed 4 March 2025."
    )


def test_citation_leaves_out_what_is_unknown_and_says_nd_for_no_date():
    """Without author, source, date and URL the citation starts with the title and dates it "n.d."."""
    reference = Reference(
        title="Rallies", archive_url="https://a.example/1/", accessed=date(2025, 3, 4)
    )
    assert (
        citation(reference)
        == "“Rallies.” n.d. Archived copy: https://a.example/1/, accessed 4 March 2025."
    )


def test_citation_with_source_but_no_date():
    """A source without a date reads "Source, n.d."."""
    reference = Reference(
        title="Rallies", source="Firstpost", archive_url="u", accessed=date(2025, 3, 4)
    )
    assert citation(reference).startswith("“Rallies.” Firstpost, n.d. Archived copy: u,")


def test_citation_keeps_final_punctuation_and_one_line():
    """A title ending in ? or an author ending in a stop get no second stop; line breaks are spaces."""
    reference = Reference(title="Who\nwon?", author="J. Doe Jr.", archive_url="u", accessed=DAY)
    assert citation(reference).startswith("J. Doe Jr. “Who won?” n.d.")


def test_bibtex_entry_of_a_full_reference():
    """A reference with a source is an @article with every field."""
    assert bibtex(REFERENCE) == (
        "@article{firstpost2025iran,\n"
        "  title = {Iran marks the anniversary},\n"
        "  author = {Jane Doe},\n"
        "  journal = {Firstpost},\n"
        "  year = {2025},\n"
        "  month = jan,\n"
        "  day = {2},\n"
        "  url = {https://www.firstpost.com/world/iran.html},\n"
        "  note = {Archived copy: \\url{https://archive.example/articles/1/iran-marks-the-anniversary/}},\n"
        "  urldate = {2025-03-04}\n"
        "}"
    )


def test_bibtex_escapes_special_characters_and_keeps_braces_balanced():
    """Braces, %, &, #, $, _, ~, ^ and backslashes are written so BibTeX and LaTeX read them as text."""
    assert bibtex_escape(r"{a} 50% & #1 $2 a_b ~ ^ \x") == (
        r"\textbraceleft{}a\textbraceright{} 50\% \& \#1 \$2 a\_b"
        r" \textasciitilde{} \textasciicircum{} \textbackslash{}x"
    )
    entry = bibtex(
        Reference(
            title="}{ 100%",
            archive_url="u",
            accessed=date(2025, 3, 4),
            url="https://x.example/{id}?a=1&b=2#c",
        )
    )
    assert "title = {\\textbraceright{}\\textbraceleft{} 100\\%}" in entry
    assert "url = {https://x.example/%7Bid%7D?a=1&b=2#c}" in entry
    assert entry.count("{") == entry.count("}")


def test_bibtex_key_takes_source_else_author_else_anon_then_year_and_title_word():
    """Keys are the outlet (else the author's surname, else "anon"), the year and a title word."""
    assert bibtex_key(REFERENCE) == "firstpost2025iran"
    assert (
        bibtex_key(
            Reference(
                title="The Qāsem file",
                author="Jane Doe",
                published=DAY,
                archive_url="u",
                accessed=DAY,
            )
        )
        == "doe2025qasem"
    )
    assert bibtex_key(Reference(title="On a day", archive_url="u", accessed=DAY)) == "anonday"
    guardian = Reference(title="The Times", source="The Guardian", archive_url="u", accessed=DAY)
    assert bibtex_key(guardian) == "guardiantimes"


def test_bibtex_of_an_undated_reference_without_source_is_misc_without_date_fields():
    """Without a source the entry is @misc; without a date it has no year, month or day."""
    entry = bibtex(Reference(title="Rallies", archive_url="u", accessed=date(2025, 3, 4)))
    assert entry == (
        "@misc{anonrallies,\n  title = {Rallies},\n  note = {Archived copy: \\url{u}},\n  urldate = {2025-03-04}\n}"
    )
