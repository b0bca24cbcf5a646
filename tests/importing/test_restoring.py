"""Restoring JSONL records: a record never takes an original's identity from it."""

import hashlib
import json

import pytest

from archive.importing.saving import import_paths
from archive.models import Article
from tests.helpers import FIXTURES

pytestmark = pytest.mark.django_db

GENUINE = min(FIXTURES.glob("*.txt"))


def planted_record(tmp_path, **fields):
    """A JSONL line claiming to be the genuine file, without carrying it."""
    record = {
        "title": "Planted story",
        "body": "A text nobody published, claiming the genuine file's hash.",
        "published": "2025-01-03",
        "content_hash": hashlib.sha256(GENUINE.read_bytes()).hexdigest(),
        "original_name": "/home/someone/confidential/memo.txt",
    } | fields
    path = tmp_path / "planted.jsonl"
    path.write_text(json.dumps(record) + "\n")
    return path


def test_a_record_claiming_an_originals_hash_does_not_block_that_original(tmp_path):
    """The genuine file is imported after the planted record, and is found by its own text."""
    [planted] = import_paths([planted_record(tmp_path)]).imported
    result = import_paths([GENUINE])
    assert (len(result.imported), result.already_present) == (1, [])
    [genuine] = result.imported
    assert genuine.content_hash == hashlib.sha256(GENUINE.read_bytes()).hexdigest()
    assert genuine.original.read() == GENUINE.read_bytes()
    planted.refresh_from_db()
    assert planted.content_hash != genuine.content_hash
    assert planted.title == "Planted story"


def test_a_record_is_known_by_what_it_says_so_restoring_twice_changes_nothing(tmp_path):
    path = planted_record(tmp_path)
    assert len(import_paths([path]).imported) == 1
    assert len(import_paths([path]).already_present) == 1
    assert Article.objects.count() == 1


def test_restoring_into_the_archive_it_came_from_finds_its_articles_present(tmp_path):
    """A record naming an original the archive already holds is that article, not a new one."""
    import_paths([GENUINE])
    result = import_paths([planted_record(tmp_path)])
    assert (result.imported, len(result.already_present)) == ([], 1)
    assert Article.objects.get().title != "Planted story"


def test_a_restored_record_keeps_only_the_name_of_its_original_file(tmp_path):
    [article] = import_paths([planted_record(tmp_path)]).imported
    assert article.original_name == "memo.txt"
