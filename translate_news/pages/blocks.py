"""Text blocks as a page shows them, and joining them into the text a document is made of."""
from __future__ import annotations

import re
from dataclasses import dataclass

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass
class Block:
    text: str
    heading: bool = False


def join_blocks(blocks: list[Block]) -> tuple[str, list[int]]:
    """The blocks as one text, a blank line between each two; and where each block starts."""
    starts, at = [], 0
    for b in blocks:
        starts.append(at)
        at += len(b.text) + 2
    return "\n\n".join(b.text for b in blocks), starts


def clean(text: str) -> str:
    """Flattened text (flat, with line breaks only for <br>) trimmed: no spaces at the edges of a line."""
    return "\n".join(_HTML_SPACE.sub(" ", line).strip() for line in text.split("\n")).strip("\n")


def flat(text: str | None) -> str:
    """Source line breaks and runs of HTML whitespace as one space (only <br> breaks a line)."""
    return _HTML_SPACE.sub(" ", text or "")
