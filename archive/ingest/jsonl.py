"""JSONL exports. (Being written.)"""

from .article import Rejected


def read_jsonl(raw, name):
    raise Rejected("JSONL is not supported yet")
    yield
