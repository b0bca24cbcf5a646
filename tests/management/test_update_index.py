"""update_index (which rebuild_index runs) as a command: the progress it reports."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_rebuild_index_shows_progress(seeds):
    """rebuild_index reports its progress and indexes every article."""
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_index", interactive=False, stdout=out, stderr=err)
    assert "Indexing 5 articles" in out.getvalue()
    assert "5/5" in err.getvalue()
    assert "Writing the index to disk" in err.getvalue()
    assert "Indexed 5 articles in" in out.getvalue()
