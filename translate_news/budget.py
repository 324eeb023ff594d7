"""Fit sentences to the model's input limit by splitting, never by truncating.

Marian's position table has a fixed number of rows: longer input raises IndexError
(transformers#11958), and letting the tokenizer truncate silently drops the end. So a sentence over the
budget is split at clause punctuation, then between words, then (for space-free runs such
as URLs) into equal runs of characters, and each piece is translated on its own. Each part is
counted once and parts are packed on the sum of their counts, so long input costs time in
proportion to its length; each packed piece is then counted for real, since tokenizers are
not quite additive.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable

_CLAUSE = re.compile(r"(?<=[،؛:,;])\s+")  # after ، ؛ : , ;
_WORD = re.compile(r"(?<=\s)(?=\S)")


def split_to_budget(text: str, count: Callable[[str], int], budget: int) -> list[str]:
    """Pieces of `text` of at most `budget` tokens each; ''.join(pieces) == text.

    Args:
        text: the sentence, as written.
        count: tokens the model sees for a piece (its own tokenizer, end token included).
        budget: the most tokens one piece may have.
    """
    size = count(text)
    if size <= budget or len(text) <= 1:
        return [text]
    return _split(text, size, count, budget, count(""))


def _split(text: str, size: int, count: Callable[[str], int], budget: int, base: int) -> list[str]:
    """split_to_budget, with `size` = count(text) known and `base` = count("") (the end token)."""
    if size <= budget or len(text) <= 1:
        return [text]
    for pattern in (_CLAUSE, _WORD):
        parts = _split_keep(text, pattern)
        if len(parts) > 1:
            break
    else:  # a space-free run (a URL): pieces of about half the budget each
        step = max(1, len(text) * budget // (2 * size))
        parts = [text[i:i + step] for i in range(0, len(text), step)]
    # Count each part once and pack greedily on the sum: tokenizers are nearly additive over
    # these parts, and re-counting the growing piece for every part is quadratic in its length.
    pieces: list[str] = []
    run: list[str] = []
    estimate = base
    for part in parts:
        n = count(part)
        if n > budget:
            pieces.extend(_verified(run, count, budget))
            pieces.extend(_split(part, n, count, budget, base))
            run, estimate = [], base
            continue
        if run and estimate + n - base > budget:
            pieces.extend(_verified(run, count, budget))
            run, estimate = [], base
        run.append(part)
        estimate += n - base
    pieces.extend(_verified(run, count, budget))
    return pieces


def _verified(run: list[str], count: Callable[[str], int], budget: int) -> list[str]:
    """The parts of `run` joined, as one piece if it really is within the budget, else halved.

    A single part was counted on its own and is within the budget already."""
    if len(run) <= 1:
        return run
    piece = "".join(run)
    if count(piece) <= budget:
        return [piece]
    mid = len(run) // 2  # the sum was wrong (merged tokens): rarely, and only by a little
    return _verified(run[:mid], count, budget) + _verified(run[mid:], count, budget)


def _split_keep(text: str, pattern: re.Pattern[str]) -> list[str]:
    cuts = [m.end() for m in pattern.finditer(text) if 0 < m.end() < len(text)]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if b > a]
