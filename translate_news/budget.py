"""Fit sentences to the model's input limit by splitting, never by truncating.

Marian's position table has a fixed number of rows: longer input raises IndexError
(transformers#11958), and letting the tokenizer truncate silently drops the end. So a sentence over the
budget is split at clause punctuation, then between words, then (for space-free runs such
as URLs) in the middle, and each piece is translated on its own.
"""
from __future__ import annotations

import re
from typing import Callable

_CLAUSE = re.compile(r"(?<=[،؛:,;])\s+")  # after ، ؛ : , ;
_WORD = re.compile(r"(?<=\s)(?=\S)")


def split_to_budget(text: str, count: Callable[[str], int], budget: int) -> list[str]:
    """Pieces of `text` of at most `budget` tokens each; ''.join(pieces) == text.

    Args:
        text: the sentence, as written.
        count: tokens the model sees for a piece (its own tokenizer, end token included).
        budget: the most tokens one piece may have.
    """
    if count(text) <= budget or len(text) <= 1:
        return [text]
    for pattern in (_CLAUSE, _WORD):
        parts = _split_keep(text, pattern)
        if len(parts) > 1:
            break
    else:
        mid = len(text) // 2
        parts = [text[:mid], text[mid:]]
    pieces, buf = [], ""
    for part in parts:  # greedy packing, then recurse into anything still too long
        if buf and count(buf + part) > budget:
            pieces.extend(split_to_budget(buf, count, budget))
            buf = part
        else:
            buf += part
    pieces.extend(split_to_budget(buf, count, budget))
    return pieces


def _split_keep(text: str, pattern: re.Pattern) -> list[str]:
    cuts = [m.end() for m in pattern.finditer(text) if 0 < m.end() < len(text)]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]
