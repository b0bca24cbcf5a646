import itertools

import pytest

from archive.models import Article, Format, Source

_hashes = itertools.count(1)


@pytest.fixture(autouse=True)
def originals_dir(settings, tmp_path):
    """Keep each test's originals in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "originals"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_article(db):
    """Return a function that saves an Article, with fields overridable by keyword."""

    def make(**overrides):
        if isinstance(overrides.get("source"), str):
            overrides["source"], _ = Source.objects.get_or_create(name=overrides["source"])
        fields = {
            "title": "Rallies mark the anniversary",
            "body": "Thousands gathered in the capital on Thursday.",
            "content_hash": f"{next(_hashes):064x}",
            "original_format": Format.TEXT,
        } | overrides
        return Article.objects.create(**fields)

    return make
