"""The index's segments stay few however many commits write it (segments.py)."""

from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from archive.search import segments


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
