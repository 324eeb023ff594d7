"""Document to output: the one registry of formats (name, file extension, renderer).

The CLI's choices, batch's file names and `-o` inference all read `FORMATS`. Renderers are
pure functions of the Document; nothing here knows about models.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translate_news.document import Document
from translate_news.render.stream import Streamer, Whole


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    render: Callable[[Document], str]
    for_batch: bool = True  # a file per article makes sense (not the terminal table)


def _text(doc: Document) -> str:
    from translate_news.render.text import render_text

    return render_text(doc)


def _markdown(doc: Document) -> str:
    from translate_news.render.text import render_markdown

    return render_markdown(doc)


def _json(doc: Document) -> str:
    from translate_news.render.data import render_json

    return render_json(doc)


def _jsonl(doc: Document) -> str:
    from translate_news.render.data import render_jsonl

    return render_jsonl(doc)


def _html(doc: Document) -> str:
    from translate_news.render.html import render_html

    return render_html(doc)


def _rich(doc: Document) -> str:
    from translate_news.render.table import render_table

    return render_table(doc, rtl=None, to_terminal=False)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("rich", ".txt", _rich, for_batch=False),
    Format("text", ".txt", _text),
    Format("markdown", ".md", _markdown),
    Format("json", ".json", _json),
    Format("jsonl", ".jsonl", _jsonl),
    Format("html", ".html", _html),
)}
BY_EXTENSION = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".json": "json",
                ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html", ".htm": "html"}


def render_document(doc: Document, fmt: str, *, rtl: str | None = None, to_terminal: bool = False) -> str:
    """`doc` in format `fmt`, as the string to print or write."""
    return streamer(fmt, rtl=rtl, to_terminal=to_terminal).render(doc)


def streamer(fmt: str, *, rtl: str | None = None, to_terminal: bool = False) -> Streamer:
    """The format as pieces: text, markdown, jsonl and the table give a piece per paragraph;
    json and html (one object each) give everything at the end."""
    if fmt == "rich":
        from translate_news.render.table import TableStream

        return TableStream(rtl=rtl, to_terminal=to_terminal)
    if fmt == "text":
        from translate_news.render.text import TextStream

        return TextStream()
    if fmt == "markdown":
        from translate_news.render.text import MarkdownStream

        return MarkdownStream()
    if fmt == "jsonl":
        from translate_news.render.data import JsonlStream

        return JsonlStream()
    return Whole(FORMATS[fmt].render)


def choose_format(requested: str | None, *, output: Path | None, stdout_is_terminal: bool) -> str:
    """The format asked for; else the output file's extension; else rich on a terminal, text when piped."""
    if requested:
        return requested.lower()
    if output is not None:
        return BY_EXTENSION.get(output.suffix.lower(), "text")
    return "rich" if stdout_is_terminal else "text"
