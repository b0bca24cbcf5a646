"""Finding the files to import under the paths a user gives."""

from pathlib import Path


def find_files(paths):
    """Return (path, name) for each file named by `paths`, walking directories.

    A file's name is as the user gave it; inside a given folder it is the folder's
    name and the path below it ('fixtures/000.txt'). Hidden files are skipped.
    Raises FileNotFoundError for a path that does not exist.
    """
    files = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            folder = path.resolve().name
            files += [
                (file, f"{folder}/{file.relative_to(path).as_posix()}")
                for file in sorted(path.rglob("*"))
                if file.is_file()
                and not any(part.startswith(".") for part in file.relative_to(path).parts)
            ]
        elif path.exists():
            files.append((path, str(given)))
        else:
            raise FileNotFoundError(f"No such file or directory: {given}")
    return files
