"""Formats written in pieces, so a reader sees each paragraph as soon as it is translated.

A Streamer gives a format's output as start, then each paragraph in reading order, then
finish (the summary, the notes). Concatenated, the pieces are the format's whole output: a
streamed run and a file written at the end hold the same bytes, by construction.
"""
from __future__ import annotations

from collections.abc import Callable

from translate_news.document import Document, Paragraph


class Streamer:
    def start(self, doc: Document) -> str:
        return ""

    def paragraph(self, p: Paragraph) -> str:
        return ""

    def finish(self, doc: Document) -> str:
        return ""

    def render(self, doc: Document) -> str:
        """The whole output at once."""
        return self.start(doc) + "".join(self.paragraph(p) for p in doc.paragraphs) + self.finish(doc)


class Whole(Streamer):
    """A format that is one object (JSON, the HTML page): all of it at the end."""

    def __init__(self, render: Callable[[Document], str]):
        self._render = render

    def finish(self, doc: Document) -> str:
        return self._render(doc)
