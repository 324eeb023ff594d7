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


def screen_of(args: Sequence[object], *, columns: int) -> tuple[int, str]:
    """Run `translate-news ARGS` in a fresh process on a pseudo-terminal COLUMNS wide: its exit status
    and the screen as plain text (escapes removed)."""
    import os
    import sys
    import time

    from translate_news.bench.command import on_terminal, plain, watch

    p, leader = on_terminal([sys.executable, "-m", "translate_news", *map(str, args)], columns=columns)
    try:
        _, read = watch({leader: "tty"}, {}, time.monotonic())
    finally:
        os.close(leader)
    return p.wait(timeout=120), plain(read["tty"]).decode("utf-8")


def doc_of(text: str, path: str | None = None) -> Document:
    return segment(Source.from_text(text, path))


class Recording:
    """Wraps a Translator or Summarizer and records what it is given: `batches` (texts, cap) and
    `inputs` (summarizer texts). Everything else is the wrapped model's."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.batches: list[tuple[list[str], int]] = []
        self.inputs: list[str] = []
        self.decodings: list[tuple[str, Any]] = []  # (text, decoding) for every sentence sent
        self.name, self.device, self.max_tokens = inner.name, inner.device, inner.max_tokens
        self.backend = inner.backend

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(texts)

    def translate_batches(self, batches: Sequence[Sequence[str]], caps: Sequence[int], **kwargs: Any) -> Any:
        self.batches += [(list(texts), cap) for texts, cap in zip(batches, caps, strict=True)]
        self.decodings += [(t, kwargs.get("decoding")) for texts in batches for t in texts]
        return self.inner.translate_batches(batches, caps, **kwargs)

    def summarize(self, text: str, **kwargs: Any) -> str:
        self.inputs.append(text)
        return self.inner.summarize(text, **kwargs)


class Scripted:
    """The one fake translator: answers from `answer(text, decoding)`, records every call.

    For the logic around a model (repair, checks, views) where a real model's output cannot be
    chosen; anything that must prove the model path works uses the tiny random-weight models."""

    name, device, backend, max_tokens = "scripted", "cpu", "scripted", 512

    def __init__(self, answer: Any):
        self.answer = answer
        self.calls: list[tuple[str, Any]] = []

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    def translate_batches(self, batches: Sequence[Sequence[str]], caps: Sequence[int], *, lengths: Any = None,
                          decoding: Any = None, urgent: int = 0) -> Any:
        from translate_news.backends.base import Generated

        for texts in batches:
            self.calls += [(t, decoding) for t in texts]
            yield [Generated(self.answer(t, decoding), False, 1) for t in texts]
