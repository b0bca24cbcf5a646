"""Finding the files to import: links are never followed, names never reveal a home folder."""

import os

import pytest

from archive.importing.saving import import_file, import_paths
from archive.models import Article
from tests.helpers import PLAIN_STORY as STORY

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(tmp_path):
    """A file outside the folder being imported, as /etc/passwd would be."""
    path = tmp_path / "elsewhere" / "passwd"
    path.parent.mkdir()
    path.write_text("root:x:0:0:root:/root:/bin/bash\n")
    return path


def test_a_linked_file_in_a_folder_is_rejected_with_its_reason(inbox, secret):
    """`ln -s /etc/passwd inbox/a.txt` does not publish /etc/passwd."""
    (inbox / "story.txt").write_text(STORY)
    (inbox / "a.txt").symlink_to(secret)
    result = import_paths([inbox])
    assert [article.title for article in result.imported] == ["Talks resume"]
    [rejection] = result.rejected
    assert rejection.name.endswith("/a.txt")
    assert "is a symbolic link" in rejection.reason
    assert not Article.objects.filter(body__contains="root:x").exists()


def test_a_linked_folder_is_not_walked(inbox, secret):
    (inbox / "etc").symlink_to(secret.parent, target_is_directory=True)
    result = import_paths([inbox])
    assert result.imported == []
    [rejection] = result.rejected
    assert rejection.name.endswith("/etc")
    assert "is a symbolic link" in rejection.reason


def test_a_link_given_by_name_is_rejected_too(inbox, secret):
    """A shell glob such as `unpacked/*` names the links in a folder one by one."""
    (inbox / "a.txt").symlink_to(secret)
    [rejection] = import_paths([inbox / "a.txt"]).rejected
    assert "is a symbolic link" in rejection.reason
    assert not Article.objects.exists()


def test_a_file_that_is_not_a_regular_file_is_rejected_unread(inbox):
    """A named pipe would block the import forever if it were read."""
    os.mkfifo(inbox / "pipe.txt")
    (inbox / "story.txt").write_text(STORY)
    result = import_paths([inbox])
    assert len(result.imported) == 1
    [rejection] = result.rejected
    assert rejection.name.endswith("/pipe.txt")
    assert "not a regular file" in rejection.reason


def test_a_file_given_by_its_full_path_keeps_only_its_name(tmp_path):
    """original_name is public in exports: it never shows the folders above the file."""
    memo = tmp_path / "home" / "someone" / "confidential" / "memo-from-the-editor.txt"
    memo.parent.mkdir(parents=True)
    memo.write_text(STORY)
    [article] = import_paths([memo]).imported
    assert article.original_name == "memo-from-the-editor.txt"


def test_a_file_in_a_given_folder_is_named_from_that_folder(tmp_path):
    inbox = tmp_path / "home" / "someone" / "inbox"
    (inbox / "2025").mkdir(parents=True)
    (inbox / "2025" / "story.txt").write_text(STORY)
    [article] = import_paths([inbox]).imported
    assert article.original_name == "inbox/2025/story.txt"


@pytest.mark.django_db(transaction=True)
def test_names_kept_before_lose_the_folders_above_their_file():
    """Migration 0004 rewrites the full paths an earlier version kept."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0003_meta_options_as_tuples")])
    old = executor.loader.project_state([("archive", "0003_meta_options_as_tuples")]).apps
    Article = old.get_model("archive", "Article")
    names = ["/home/someone/confidential/memo.txt", "inbox/2025/story.txt"]
    for number, name in enumerate(names):
        Article.objects.create(
            title="A", body="B", content_hash=f"{number:064}", original_name=name
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert sorted(Article.objects.values_list("original_name", flat=True)) == [
        "inbox/2025/story.txt",
        "memo.txt",
    ]


def test_a_folder_that_cannot_be_read_is_rejected_and_the_rest_imported(inbox):
    """Folders nested past the longest path the system opens, as an unpacked archive can hold."""
    (inbox / "story.txt").write_text(STORY)
    folder = os.open(inbox, os.O_RDONLY)
    for _ in range(20):  # 20 names of 250 characters: past PATH_MAX (4,096)
        os.mkdir("d" * 250, dir_fd=folder)
        inner = os.open("d" * 250, os.O_RDONLY, dir_fd=folder)
        os.close(folder)
        folder = inner
    os.close(folder)
    result = import_paths([inbox])
    assert len(result.imported) == 1
    [rejection] = result.rejected
    assert rejection.name.startswith("inbox/ddd")
    assert rejection.reason == "cannot be read: File name too long"


def test_a_file_replaced_by_a_link_after_it_was_found_is_not_read(inbox, secret):
    (inbox / "a.txt").symlink_to(secret)
    [rejection] = import_file(inbox / "a.txt", "inbox/a.txt").rejected
    assert rejection.reason == "cannot be read: it is a symbolic link"
    assert not Article.objects.exists()


def test_a_file_replaced_by_a_pipe_after_it_was_found_is_rejected_without_waiting(inbox):
    os.mkfifo(inbox / "a.txt")
    [rejection] = import_file(inbox / "a.txt", "inbox/a.txt").rejected
    assert "not a regular file" in rejection.reason
