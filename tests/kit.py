"""The test kit: one way to run the CLI, one recording wrapper for models, documents from text."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from typer.testing import CliRunner, Result

from translate_news import cli
from translate_news.document import Document, Source
from translate_news.segment import segment


def invoke(*args: object, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """Run `translate-news ARGS` in-process; an unexpected exception fails the test with its traceback."""
    return CliRunner().invoke(cli.app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)


def doc_of(text: str, path: str | None = None) -> Document:
    return segment(Source.from_text(text, path))


class Recording:
    """Wraps a Translator or Summarizer and records what it is given: `batches` (texts, cap) and
    `inputs` (summarizer texts). Everything else is the wrapped model's."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.batches: list[tuple[list[str], int]] = []
        self.inputs: list[str] = []
        self.name, self.device, self.max_tokens = inner.name, inner.device, inner.max_tokens
        self.backend = inner.backend

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(texts)

    def translate_batches(self, batches: Sequence[Sequence[str]], caps: Sequence[int], **kwargs: Any) -> Any:
        self.batches += [(list(texts), cap) for texts, cap in zip(batches, caps, strict=True)]
        return self.inner.translate_batches(batches, caps, **kwargs)

    def summarize(self, text: str, **kwargs: Any) -> str:
        self.inputs.append(text)
        return self.inner.summarize(text, **kwargs)
