"""Finding the files to import under the paths a user gives.

Links are never followed: a folder unpacked from someone else's archive may carry
`a.txt -> /etc/passwd`, and whatever is imported is published.
"""

from dataclasses import dataclass, field
from pathlib import Path

from archive.ingest import Rejection


@dataclass
class FoundFiles:
    """(path, name) of each file to import, and what was refused unread."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    refused: list[Rejection] = field(default_factory=list)


def find_files(paths):
    """Return the FoundFiles under `paths`, walking directories.

    A file given by itself is named by its file name alone, never the folders above it;
    inside a given folder it is the folder's name and the path below it
    ('fixtures/000.txt'). Hidden files are skipped; links and anything that is neither a
    file nor a folder are refused. Raises FileNotFoundError for a path that does not exist.
    """
    found = FoundFiles()
    for given in paths:
        path = Path(given)
        if not (path.exists() or path.is_symlink()):
            raise FileNotFoundError(f"No such file or directory: {given}")
        if path.is_dir() and not path.is_symlink():
            walk(path, path.resolve().name, found)
        else:
            add(path, path.name, found)
    return found


def walk(folder, name, found):
    try:
        paths = sorted(folder.iterdir())
    except OSError as error:  # one we may not read, or gone since it was listed
        found.refused.append(Rejection(name, f"is a folder that cannot be read: {error.strerror}"))
        return
    for path in paths:
        if path.name.startswith("."):
            continue
        inner = f"{name}/{path.name}"
        try:
            if path.is_dir() and not path.is_symlink():
                walk(path, inner, found)
            else:
                add(path, inner, found)
        except OSError as error:  # a path longer than the system opens, say
            found.refused.append(Rejection(inner, f"cannot be read: {error.strerror}"))


def add(path, name, found):
    if path.is_symlink():
        found.refused.append(
            Rejection(
                name,
                f"is a symbolic link (to {path.readlink()}); links are not followed, "
                "so import the file it points to by its own path if it belongs here",
            )
        )
    elif path.is_file():
        found.files.append((path, name))
    else:
        found.refused.append(Rejection(name, "is not a regular file (a pipe, socket or device)"))
