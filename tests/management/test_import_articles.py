"""import_articles as a command: its exit status, and the summary it prints."""

import pytest

from tests.helpers import PLAIN_STORY, import_command, run_import

pytestmark = pytest.mark.django_db


def test_import_command_exit_status_tells_what_happened(inbox):
    """Exit 0 when all went in, 1 when a file was rejected, 2 for a path that is not there."""
    (inbox / "good.txt").write_text(PLAIN_STORY)
    assert import_command(inbox / "good.txt") == 0
    (inbox / "bad.txt").write_bytes(b"\x00\x00")
    assert import_command(inbox) == 1
    assert import_command(inbox / "missing") == 2


def test_import_command_prints_a_summary_with_each_rejection(inbox):
    """The summary counts imported, already present and rejected, and names each rejection."""
    (inbox / "good.txt").write_text(PLAIN_STORY)
    (inbox / "bad.bin").write_bytes(b"\x00\x00")
    run_import(inbox / "good.txt")
    status, out, err = run_import(inbox)
    assert status == 1
    assert "Imported 0 articles, 1 already present, 1 rejected." in out
    assert "Rejected inbox/bad.bin: binary data" in out
    assert "2/2" in err  # the progress bar reached the end


def test_a_folder_of_links_only_is_reported_and_exits_1(inbox, tmp_path):
    """Links are named as rejected, not mistaken for an empty folder."""
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (inbox / "a.txt").symlink_to(tmp_path / "passwd")
    status, out, _ = run_import(inbox)
    assert status == 1
    assert "Imported 0 articles, 0 already present, 1 rejected." in out
    assert "Rejected inbox/a.txt: is a symbolic link" in out


def test_format_text_on_a_web_page_is_refused_and_says_what_the_file_is(inbox):
    """Read as text, the markup would become an article titled '<!DOCTYPE html ...'."""
    (inbox / "page.html").write_text(
        "<!DOCTYPE html><html><head><title>Talks resume</title></head>"
        "<body><article><p>Negotiators met again in Vienna.</p></article></body></html>"
    )
    (inbox / "story.txt").write_text(PLAIN_STORY)
    status, out, _ = run_import(inbox, "--format", "text")
    assert status == 1
    assert "Imported 1 article, 0 already present, 1 rejected." in out
    assert (
        "Rejected inbox/page.html: read as plain text (--format text), but this is a web page: "
        "import it without --format, or with --format html" in out
    )
