"""Original names no longer show the folders above a file given by its path.

Before, a file given as /home/USER/confidential/memo.txt kept that path as its
original_name, which exports make public; it keeps 'memo.txt' now.
"""

import re
from pathlib import PurePosixPath

from django.db import migrations
from django.db.models import Q

# A copy of archive.ingest.jsonl.relative_name as it was: a migration must do the same
# whatever later code does.
ABSOLUTE = re.compile(r"^(/|~|[A-Za-z]:[\\/]|\\\\)")


def relative_name(name):
    file, separator, rest = name.partition(" › ")
    parts = PurePosixPath(file.replace("\\", "/")).parts
    if parts and (ABSOLUTE.match(file) or ".." in parts):
        return parts[-1] + separator + rest
    return name


def file_names_only(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    suspects = (
        Q(original_name__regex=r"^(/|~|[A-Za-z]:)")
        | Q(original_name__contains="\\")
        | Q(original_name__contains="..")
    )
    changed = []
    for article in Article.objects.filter(suspects).only("original_name").iterator():
        if (name := relative_name(article.original_name)) != article.original_name:
            article.original_name = name
            changed.append(article)
    Article.objects.bulk_update(changed, ["original_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_meta_options_as_tuples")]

    operations = [migrations.RunPython(file_names_only, migrations.RunPython.noop)]
