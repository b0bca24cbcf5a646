"""The index's segments stay few however many commits write it (segments.py)."""

import io

from django.core.management import call_command
from haystack import connections
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from archive.search.whoosh import segments


def test_commits_merge_by_size_tier(tmp_path, monkeypatch):
    """Each commit adds a segment; when MERGE_FACTOR segments of one size are there, the
    next commit merges them into its own, and no document is lost on the way."""
    monkeypatch.setattr(segments, "MERGE_FACTOR", 3)
    index = FileStorage(str(tmp_path)).create_index(Schema(id=ID(stored=True), text=TEXT))
    counts = []
    for number in range(8):
        writer = index.writer(codec=segments.codec())
        writer.mergetype = segments.merge_tiers
        writer.add_document(id=str(number), text="harbour report")
        writer.commit()
        index = index.refresh()
        counts.append(len(index._segments()))
    # Sizes: [1] [1 1] [1 1 1] [4] [4 1] [4 1 1] [4 1 1 1] [4 4]
    assert counts == [1, 2, 3, 1, 2, 3, 4, 2]
    with index.searcher() as searcher:
        hits = searcher.search(QueryParser("text", index.schema).parse("harbour"), limit=None)
        assert sorted(hit["id"] for hit in hits) == [str(n) for n in range(8)]


def test_a_commit_leaves_big_groups_to_merge_index(tmp_path, monkeypatch):
    """A full group of segments holding more than MERGE_AT_MOST articles is left alone."""
    monkeypatch.setattr(segments, "MERGE_FACTOR", 3)
    monkeypatch.setattr(segments, "MERGE_AT_MOST", 2)
    index = FileStorage(str(tmp_path)).create_index(Schema(id=ID(stored=True), text=TEXT))
    for number in range(5):
        writer = index.writer(codec=segments.codec())
        writer.mergetype = segments.merge_tiers
        writer.add_document(id=str(number), text="harbour report")
        writer.commit()
    assert len(index.refresh()._segments()) == 5


def test_a_small_commit_leaves_bigger_merges_to_bigger_commits(tmp_path, monkeypatch):
    """A commit of one article (an editor's save) does not merge a full group of bigger
    segments; the next commit of as many articles as a group holds does."""
    monkeypatch.setattr(segments, "MERGE_FACTOR", 3)
    index = FileStorage(str(tmp_path)).create_index(Schema(id=ID(stored=True), text=TEXT))

    def commit(numbers):
        writer = index.writer(codec=segments.codec())
        writer.mergetype = segments.merge_tiers
        for number in numbers:
            writer.add_document(id=str(number), text="harbour report")
        writer.commit()
        return [segment.doc_count() for segment in index.refresh()._segments()]

    for start in (0, 10, 20):
        commit(range(start, start + 4))
    assert commit([100]) == [4, 4, 4, 1]
    assert sorted(commit(range(200, 204))) == [1, 16]
    with index.searcher() as searcher:
        assert searcher.doc_count() == 17


def test_merge_index_leaves_one_segment(db, make_article, django_capture_on_commit_callbacks):
    """merge_index merges the index into one segment, and says how many there were."""
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            make_article(title=f"Harbour report {number}")
    out = io.StringIO()
    call_command("merge_index", stdout=out)
    backend = connections["default"].get_backend()
    assert backend.segment_count() == 1
    assert "into 1 in" in out.getvalue()
    assert backend.search("title:harbour", end_offset=10)["hits"] == 3
