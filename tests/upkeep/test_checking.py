"""check_archive: drift between the database, the search index and the kept originals,
reported by kind and repaired without losing anything."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from haystack.query import SearchQuerySet

from archive.importing.saving import import_paths
from archive.models import Article
from archive.originals import content_hash, original_name, originals
from tests.helpers import FIXTURES

STORY = (
    b"Ferry service resumes across the strait\n\n"
    b"The ferry between the two ports sailed again on Tuesday after a week of storms.\n"
)

pytestmark = pytest.mark.django_db(transaction=True)


def check(*args):
    """Run check_archive; return its exit status and what it wrote to stdout."""
    out = StringIO()
    try:
        call_command("check_archive", *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def found(client, query):
    """Return the ids of the articles a search at /search/ shows."""
    response = client.get(reverse("archive:search"), {"q": query})
    assert response.status_code == 200
    return {hit.article.pk for hit in response.context.get("hits", [])}


@pytest.fixture
def archive():
    """The sample corpus, imported (and indexed) as import_articles does it."""
    assert not import_paths([FIXTURES]).rejected
    return list(Article.objects.order_by("pk"))


def test_an_archive_just_imported_has_no_drift(archive):
    """Right after an import, the index and the originals match the database: exit status 0."""
    status, out = check()
    assert status == 0, out
    assert (
        f"Checked {len(archive)} articles, {len(archive)} index entries and {len(archive)} originals."
        in out
    )
    assert "No drift" in out


def test_index_drift_is_reported_and_repaired(client, archive, search_index):
    """Articles missing from the index, stale entries and orphaned entries are reported with
    examples, and --repair makes the index match the database again."""
    unindexed, stale, deleted = archive[0], archive[1], archive[2]
    search_index.remove(unindexed)
    # Changed behind the signals' back, as a process killed before its index commit leaves it.
    Article.objects.filter(pk=stale.pk).update(
        title="Harbour pilots strike", updated_at=timezone.now()
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM archive_article WHERE id = %s", [deleted.pk])

    status, out = check()
    assert status == 1
    assert (
        "1 article(s) missing from the search index" in out
        and f"#{unindexed.pk} {unindexed.title!r}" in out
    )
    assert "1 stale index entries" in out and f"#{stale.pk} 'Harbour pilots strike'" in out
    assert "1 orphaned index entries" in out and f"#{deleted.pk}" in out
    # The deleted article's original is kept, but no longer the archive's.
    assert "1 orphaned originals" in out and deleted.original.name in out
    assert "Drift found: 4 problem(s) in 4 kind(s)" in out
    assert found(client, "pilots") == set()

    status, out = check("--repair")
    assert status == 0, out
    assert (
        "Repaired: 2 article(s) indexed, 1 orphaned index entries removed, 1 orphaned original(s)"
        in out
    )
    assert not Article.objects.filter(pk=deleted.pk).exists()
    status, out = check()
    assert status == 0 and "No drift" in out
    assert found(client, "pilots") == {stale.pk}
    assert unindexed.pk in found(client, f'"{unindexed.title}"')
    assert deleted.pk not in {int(result.pk) for result in SearchQuerySet().all()}


def test_a_stale_source_name_is_found(client, archive):
    """An entry that still shows a source's old name is stale, though the article itself is unchanged."""
    article = next(article for article in archive if article.source)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_source SET name = %s WHERE id = %s",
            ["Renamed Outlet", article.source_id],
        )
    renamed = Article.objects.filter(source_id=article.source_id).count()
    status, out = check()
    assert status == 1
    assert f"{renamed} stale index entries" in out and f"#{article.pk}" in out
    assert check("--repair")[0] == 0
    assert check()[0] == 0
    assert article.pk in found(client, 'source:"Renamed Outlet"')


def test_orphaned_originals_are_set_aside_and_can_be_imported_from_there(
    client, archive, originals_dir
):
    """An original with no row (an import killed before saving it) is moved to orphaned/, a
    half-written file is deleted, and importing orphaned/ brings the article in."""
    digest = content_hash(STORY)
    orphan = originals.save(original_name(digest, "text"), ContentFile(STORY))
    (originals_dir / orphan).parent.joinpath(".incoming-k3j2").write_bytes(STORY[:20])

    status, out = check()
    assert status == 1
    assert "1 orphaned originals (no article refers to them" in out and orphan in out
    assert "1 unfinished original files" in out

    status, out = check("--repair")
    assert status == 0, out
    assert (
        "1 orphaned original(s) moved to originals/orphaned/, 1 unfinished file(s) deleted" in out
    )
    assert (originals_dir / "orphaned" / orphan).read_bytes() == STORY
    assert not (originals_dir / orphan).exists() and not list(originals_dir.rglob(".incoming-*"))
    assert not Article.objects.filter(content_hash=digest).exists()
    status, out = check()
    assert status == 0, out
    assert "1 file(s) set aside earlier in originals/orphaned/ (not drift)" in out

    [article] = import_paths([originals_dir / "orphaned"]).imported
    assert (
        article.title == "Ferry service resumes across the strait"
        and article.content_hash == digest
    )
    assert (originals_dir / article.original.name).read_bytes() == STORY
    assert found(client, "ferry") == {article.pk}
    assert check()[0] == 0


def test_missing_and_damaged_originals_are_reported_and_left_for_a_backup(archive, originals_dir):
    """A missing or damaged original is named with its file and what to do; --repair leaves
    it alone and still exits 1."""
    missing, damaged = archive[0], archive[1]
    (originals_dir / missing.original.name).unlink()
    (originals_dir / damaged.original.name).write_bytes(b"overwritten")

    status, out = check()
    assert status == 1
    assert (
        f"1 article(s) whose original file is missing: copy the file back into {originals_dir}"
        in out
    )
    assert f"#{missing.pk} {missing.title!r} ({missing.original.name})" in out
    assert "1 damaged originals" in out and f"({damaged.original.name})" in out

    status, out = check("--repair")
    assert status == 1 and "2 original(s) missing or damaged remain" in out
    assert (originals_dir / damaged.original.name).read_bytes() == b"overwritten"


def test_another_search_engine_is_said_to_be_unchecked(archive, originals_dir, simple_engine):
    """On an engine that is not Whoosh the index is not compared, and says so; the originals still are."""
    (originals_dir / archive[0].original.name).unlink()
    status, out = check()
    assert status == 1
    assert "index entries" in out and "not read" in out
    assert "was not compared with the database" in out and "update_index" in out
    assert "1 article(s) whose original file is missing" in out


def test_deleting_articles_leaves_no_drift_and_keeps_their_originals_aside(
    archive, admin_client, originals_dir
):
    """An editor's deletion is not drift: the original moves to originals/deleted/, from
    which an import brings the article back."""
    first, second = archive[0], archive[1]
    kept = {first.pk: first.original.read(), second.pk: second.original.read()}
    response = admin_client.post(
        reverse("admin:archive_article_delete", args=[first.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    Article.objects.filter(pk=second.pk).delete()

    status, out = check()
    assert status == 0, out
    assert "2 original(s) of deleted articles in originals/deleted/ (not drift)" in out
    for article in (first, second):
        assert not (originals_dir / article.original.name).exists()
        assert (originals_dir / "deleted" / article.original.name).read_bytes() == kept[article.pk]

    restored = import_paths([originals_dir / "deleted"]).imported
    assert {article.title for article in restored} == {first.title, second.title}
    assert check()[0] == 0
