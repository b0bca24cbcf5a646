"""Progress bars for long management commands."""

from tqdm import tqdm


def progress_bar(stream, total, unit):
    """Return a tqdm bar that writes to a command's stderr.

    Django's OutputWrapper ends every write with a newline, which would break the
    bar's redrawing, so the bar writes to the stream it wraps.
    """
    return tqdm(total=total, unit=unit, file=getattr(stream, "_out", stream), mininterval=0.5)


def commit_notice(bar):
    """Return a callable that closes `bar` and says the index is being written to disk."""

    def notice():
        bar.close()
        bar.fp.write(
            "Writing the index to disk (sorting and saving the words of every article)...\n"
        )
        bar.fp.flush()

    return notice
