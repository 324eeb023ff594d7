"""What the pipeline needs from a translation engine, and nothing more.

A backend owns its tokenizer: the pipeline asks it to count tokens, for its input limit,
and to translate a batch of strings with a generation cap. The engines (hf.py, ct2.py)
implement these interfaces; factory.py picks and loads one.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Backend(StrEnum):
    AUTO = "auto"
    CTRANSLATE2 = "ctranslate2"
    TRANSFORMERS = "transformers"


@dataclass(frozen=True)
class Decoding:
    """Decoding settings that counter a failure, for a sentence decoded again (trust repair).

    The defaults are the model's own; a repair blocks repeated n-grams, penalises tokens
    already produced and widens the beam."""

    beams: int | None = None  # None: the translator's own
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0


@dataclass(frozen=True)
class Generated:
    text: str
    hit_cap: bool  # generation stopped at max_new_tokens, not at the end token
    length: int = 0  # tokens generated


class Translator(Protocol):
    name: str
    device: str
    backend: str  # Backend.CTRANSLATE2 or Backend.TRANSFORMERS
    max_tokens: int  # positions the model has, read from the loaded model

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def translate_batches(self, batches: Sequence[Sequence[str]], caps: Sequence[int], *,
                          lengths: Sequence[Sequence[int]] | None = None,
                          decoding: Decoding | None = None, urgent: int = 0) -> Iterator[list[Generated]]:
        """Translate each batch with its own max_new_tokens cap; yield results batch by batch, in order.

        A backend may work on several batches at once, and regroup their sentences; the first
        `urgent` batches are then never grouped with the rest, and go to the model first.
        `decoding` overrides the model's own decoding settings (None: keep them).
        `lengths` (one per sentence) forces output lengths, for benchmarks with random weights,
        which would otherwise stop anywhere: the sentences the model decodes together all
        run as long as the longest of them wants, within its cap."""
        ...


class Summarizer(Protocol):
    name: str
    device: str
    backend: str
    max_tokens: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def summarize(self, text: str, *, min_new_tokens: int, max_new_tokens: int) -> str: ...
