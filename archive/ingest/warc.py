"""WARC files. (Being written.)"""

from .article import Rejected


def read_warc(raw, name):
    raise Rejected("WARC files are not supported yet")
    yield
