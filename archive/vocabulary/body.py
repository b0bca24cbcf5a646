"""The stored form of an article's body: blocks of text, paragraphs and subheadings.

Stored as text: blocks apart by a blank line, a subheading's line starting with '## '.
"""

import re
from dataclasses import dataclass
from typing import Literal

SUBHEADING_MARK = "## "
BLOCK_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Block:
    """One block of body text: a paragraph or a subheading."""

    text: str
    kind: Literal["paragraph", "subheading"] = "paragraph"

    @property
    def is_subheading(self):
        return self.kind == "subheading"


def body_text(blocks):
    """Return the stored form of a body: blocks apart by blank lines, subheadings marked."""
    return "\n\n".join(
        SUBHEADING_MARK + block.text if block.is_subheading else block.text for block in blocks
    )


def blocks_from_body(body):
    """Return the blocks of a stored body (the inverse of body_text)."""
    blocks = []
    for chunk in BLOCK_BREAK.split(body.strip()):
        chunk = " ".join(chunk.split())
        if chunk.startswith(SUBHEADING_MARK.strip()):
            heading = chunk.removeprefix(SUBHEADING_MARK.strip()).strip()
            if heading:
                blocks.append(Block(heading, "subheading"))
        elif chunk:
            blocks.append(Block(chunk))
    return tuple(blocks)


def plain_text(blocks):
    """Return the body as reading text, without subheading marks."""
    return "\n\n".join(block.text for block in blocks)


def word_count(blocks):
    return sum(len(block.text.split()) for block in blocks)
