"""The sample corpus: taking its articles out again, so an archive can start clean."""

from pathlib import Path

from archive.models import Article
from archive.originals import content_hash, discard


def remove_sample_corpus(folder):
    """Delete the articles whose originals are the files of `folder`, and those originals;
    return how many were deleted. An article is the sample's by its original's bytes, so
    an editor's changes to it do not keep it, and no other article is touched."""
    hashes = {content_hash(path.read_bytes()) for path in Path(folder).iterdir() if path.is_file()}
    samples = list(Article.objects.filter(content_hash__in=hashes))
    for article in samples:
        article.delete()
        if not Article.objects.filter(original=article.original.name).exists():
            discard(article.original.name)
    return len(samples)
