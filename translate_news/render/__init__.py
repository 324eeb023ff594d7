"""Document to output: the one registry of formats (name, file extension, streamer).

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
    stream: Callable[[str | None, bool], Streamer]  # (rtl, to_terminal) -> the format in pieces
    for_batch: bool = True  # a file per article makes sense (not the terminal table, not --plain)


def _rich(rtl: str | None, to_terminal: bool) -> Streamer:
    from translate_news.render.table import TableStream

    return TableStream(rtl=rtl, to_terminal=to_terminal)


def _text(rtl: str | None, to_terminal: bool) -> Streamer:
    from translate_news.render.text import TextStream

    return TextStream()


def _plain(rtl: str | None, to_terminal: bool) -> Streamer:
    from translate_news.render.plain import PlainStream

    return PlainStream()


def _markdown(rtl: str | None, to_terminal: bool) -> Streamer:
    from translate_news.render.text import MarkdownStream

    return MarkdownStream()


def _jsonl(rtl: str | None, to_terminal: bool) -> Streamer:
    from translate_news.render.data import JsonlStream

    return JsonlStream()


def _json(rtl: str | None, to_terminal: bool) -> Streamer:
    from translate_news.render.data import render_json

    return Whole(render_json)


def _html(rtl: str | None, to_terminal: bool) -> Streamer:
    from translate_news.render.html import render_html

    return Whole(render_html)


# text, plain, markdown, jsonl and the table give a piece per paragraph; json and html (one
# object each) give everything at the end.
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("rich", ".txt", _rich, for_batch=False),
    Format("text", ".txt", _text),
    Format("plain", ".txt", _plain, for_batch=False),
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
    """The format as pieces (see render/stream.py)."""
    return FORMATS[fmt].stream(rtl, to_terminal)


def choose_format(requested: str | None, *, output: Path | None, stdout_is_terminal: bool) -> str:
    """The format asked for; else the output file's extension; else rich on a terminal, text when piped."""
    if requested:
        return requested.lower()
    if output is not None:
        return format_for_path(output)
    return "rich" if stdout_is_terminal else "text"


def format_for_path(path: Path) -> str:
    """The format an output file's extension names (none: text); UsageError for any other extension,
    so that `-o article.pdf` is not plain text under a misleading name."""
    from translate_news.errors import UsageError

    suffix = path.suffix.lower()
    if not suffix:
        return "text"
    if suffix not in BY_EXTENSION:
        known = ", ".join(sorted(BY_EXTENSION))
        raise UsageError(f"-o {path.name}: no format writes {suffix} files; use one of {known}, or name the "
                         "format with -f")
    return BY_EXTENSION[suffix]
