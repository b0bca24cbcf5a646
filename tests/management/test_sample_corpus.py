"""The sample corpus: loaded into an empty archive and said so, skipped on request, and
removed again to the last file, leaving a researcher's own articles alone."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.importing.saving import import_paths
from archive.models import Article
from tests.helpers import PLAIN_STORY

pytestmark = pytest.mark.django_db


def run(command):
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def searched(client, words):
    response = client.get("/search/", {"q": words})
    return [hit.article.title for hit in response.context["hits"]]


def test_an_empty_archive_gets_the_samples_and_one_line_on_removing_them(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = run("load_sample_corpus")
    assert out.strip().splitlines() == [
        (
            "Loaded the 5 sample articles of fixtures/ into the empty archive; "
            "remove them with: python manage.py remove_sample_corpus"
        )
    ]
    assert Article.objects.count() == 5
    assert len(searched(client, "soleimani")) == 5


def test_the_archive_starts_empty_when_asked(settings):
    settings.ARCHIVE_SAMPLE_CORPUS = False
    assert run("load_sample_corpus").strip() == "ARCHIVE_SAMPLE_CORPUS=0: the archive starts empty."
    assert not Article.objects.exists()


def test_removing_the_samples_takes_them_and_their_originals_and_nothing_else(
    client, inbox, originals_dir, django_capture_on_commit_callbacks
):
    (inbox / "story.txt").write_text(PLAIN_STORY)
    with django_capture_on_commit_callbacks(execute=True):
        run("load_sample_corpus")
        [own] = import_paths([inbox]).imported
        sample = Article.objects.exclude(pk=own.pk).first()
        sample.title = "Edited by an editor"
        sample.save()
        out = run("remove_sample_corpus")
    assert out.strip() == (
        "Removed 5 sample articles and their originals; every other article is untouched."
    )
    assert list(Article.objects.all()) == [own]
    kept = [path for path in originals_dir.rglob("*") if path.is_file() and path.name[0] != "."]
    assert [path.name for path in kept] == [own.original.name.rsplit("/", 1)[-1]]
    assert searched(client, "soleimani") == []
    assert searched(client, "talks") == ["Talks resume"]
    call_command("check_archive", stdout=StringIO(), stderr=StringIO())  # raises on drift
