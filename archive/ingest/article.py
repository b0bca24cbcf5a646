"""What a parser returns: a parsed article, or a rejection with its reason.

Nothing here imports Django, so every parser can be tested on plain strings.
"""

from dataclasses import dataclass
from datetime import date

from archive.ingest.dates import is_future
from archive.vocabulary.body import Block
from archive.vocabulary.terms import Format, ReviewReason


@dataclass(frozen=True)
class Original:
    """The bytes an article was parsed from, kept exactly as they arrived."""

    name: str
    raw: bytes
    format: Format


@dataclass(frozen=True)
class ArchiveState:
    """An article's identity and review state as an archive export recorded them."""

    content_hash: str
    needs_review: bool
    review_reasons: tuple[str, ...]
    # The hash of an original the record names without carrying it.
    claimed_hash: str = ""


@dataclass(frozen=True)
class ParsedArticle:
    """An article as a parser found it, before it is saved."""

    title: str
    blocks: tuple[Block, ...]
    original: Original
    title_derived: bool = False
    published: date | None = None
    date_from: str = ""
    date_hint: str = ""
    source: str = ""
    author: str = ""
    url: str = ""
    language: str = ""
    # Set only when restoring an export.
    restored: ArchiveState | None = None

    @property
    def subheadings(self):
        return [block.text for block in self.blocks if block.is_subheading]

    @property
    def review_reasons(self):
        """Return the reasons an editor should look at this article, in a fixed order."""
        if self.restored:
            return list(self.restored.review_reasons)
        reasons = []
        if self.title_derived:
            reasons.append(ReviewReason.TITLE)
        # A day still to come is kept as the publisher wrote it, for an editor to check.
        if self.published is None or is_future(self.published):
            reasons.append(ReviewReason.DATE)
        if not self.source:
            reasons.append(ReviewReason.SOURCE)
        return reasons

    @property
    def needs_review(self):
        return self.restored.needs_review if self.restored else bool(self.review_reasons)


@dataclass(frozen=True)
class Rejection:
    """A document, or a part of one, that could not be imported, and why."""

    name: str
    reason: str


class Rejected(Exception):
    """Raised by a parser for a document it cannot turn into an article."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason
