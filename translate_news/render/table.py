"""The terminal view: a Rich side-by-side table, English left, Arabic right, then the summary."""
from __future__ import annotations

import os
import re
from typing import TypedDict

from rich.console import Console, Group, RenderableType
from rich.table import Table

from translate_news.document import Document, Kind, Paragraph
from translate_news.normalize import clean_for_display, safe_text
from translate_news.render.marks import INTRO, Labels, marked, note_lines, notes
from translate_news.render.stream import Streamer
from translate_news.render.text import SUMMARY_TITLE, number_pattern, numbers_note, summary_english

_LABEL = re.compile(r"\[(?:!|S)\d+\]")  # the marks, styled; they read without colour too


def render_table(doc: Document, *, rtl: str | None, to_terminal: bool) -> str:
    return TableStream(rtl=rtl, to_terminal=to_terminal).render(doc)


class TableStream(Streamer):
    """The side-by-side table a row at a time, then the summary panel and the notes.

    The columns' widths come from the console width alone (two equal ratios), so a table
    printed row by row is the table printed at once: the header piece without its bottom
    edge, then each row without its top edge (the edge above it is the previous row's).
    """

    def __init__(self, *, rtl: str | None, to_terminal: bool):
        from translate_news.rtl import resolve_rtl_mode

        self.mode = resolve_rtl_mode(rtl, is_terminal=to_terminal)
        if to_terminal:
            self.console = Console(highlight=False, **terminal_size(1))
        else:  # a table into a file or pipe: fixed width, no colour, logical order
            self.console = Console(width=_columns() or 120, color_system=None, force_terminal=False,
                                   highlight=False)
        self.labels = Labels()

    def _print(self, *renderables: RenderableType) -> str:
        with self.console.capture() as captured:
            for r in renderables:
                self.console.print(r)
        return captured.get()

    def start(self, doc: Document) -> str:
        header = self._print(_table(self.mode, header=True))
        return header[:header.rstrip("\n").rfind("\n") + 1]  # without its bottom edge

    def paragraph(self, p: Paragraph) -> str:
        table = _table(self.mode, header=False)
        _add_row(table, p, self.labels.add(p), self.mode)
        row = self._print(table)
        return row[row.find("\n") + 1:]  # without its top edge

    def finish(self, doc: Document) -> str:
        parts: list[RenderableType] = [rich_summary(doc, self.mode)] if doc.summary else []
        checks = rich_notes(doc)
        return self._print(*parts, *([checks] if checks is not None else []))


def _columns() -> int | None:
    """COLUMNS when it is a usable width, else None (garbage or 0 must not empty the output)."""
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and 20 <= int(value) <= 10000 else None


class Size(TypedDict, total=False):
    width: int
    height: int


def terminal_size(fd: int) -> Size:
    """Width and height for a Rich console on `fd`: {} (Rich decides) unless COLUMNS is set but
    unusable, which Rich would take as is (COLUMNS=0 prints nothing at all), or TERM is dumb, for
    which Rich assumes 80 columns whatever the terminal has (it takes both, or neither)."""
    dumb = os.environ.get("TERM", "").strip().lower() in ("dumb", "unknown")
    if not dumb and ("COLUMNS" not in os.environ or _columns() is not None):
        return {}
    try:
        columns, lines = os.get_terminal_size(fd)
    except OSError:
        columns, lines = 80, 25
    return {"width": _columns() or max(20, columns), "height": max(1, lines)}


def _table(rtl_mode: str, *, header: bool) -> Table:
    from rich import box

    from translate_news.rtl import RTLText

    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=True, pad_edge=False, show_header=header)
    table.add_column("English", ratio=1)
    table.add_column(RTLText("العربية", rtl_mode), ratio=1, justify="right")
    return table


def _add_row(table: Table, p: Paragraph, labels: dict[tuple[int, int], str], rtl_mode: str) -> None:
    """One paragraph: English left (its flagged sentences marked), Arabic right."""
    from rich.text import Text

    from translate_news.rtl import RTLText

    arabic = clean_for_display(p.source)
    if p.kind == Kind.BOILERPLATE and p.translation is None:
        note = Text(f"(set aside: {p.rule}; --keep-boilerplate translates it)", style="dim italic")
        table.add_row(note, RTLText(arabic, rtl_mode, style="dim"))
    elif p.kind == Kind.PASSTHROUGH:
        # English already: never bidi-reordered, or its punctuation would jump ('.We said,"')
        table.add_row(Text(safe_text(p.source), style="italic", overflow="fold"),
                      Text(arabic, style="italic", justify="right", overflow="fold"))
    else:
        style = "dim" if p.kind == Kind.BOILERPLATE else ""
        english = Text(safe_text(marked(p, labels) or ""), style=style, overflow="fold")
        english.highlight_regex(_LABEL, style="bold reverse red")
        table.add_row(english, RTLText(arabic, rtl_mode, style=style))


def rich_table(doc: Document, rtl_mode: str) -> Table:
    """The whole side-by-side view as one table: one row per paragraph, English left, Arabic right."""
    labels, _ = notes(doc)
    table = _table(rtl_mode, header=True)
    for p in doc.paragraphs:
        _add_row(table, p, labels, rtl_mode)
    return table


def rich_summary(doc: Document, rtl_mode: str) -> RenderableType:
    """The summary panel: English with its marks and unverified numbers highlighted, where each
    sentence comes from, then the Arabic."""
    from rich.panel import Panel
    from rich.text import Text

    from translate_news.rtl import RTLText

    summary = doc.summary
    assert summary is not None
    parts: list[RenderableType] = []
    if summary.en is not None:
        en = Text(safe_text(summary_english(doc) or ""), overflow="fold")
        for n in summary.unverified_numbers:
            en.highlight_regex(re.compile(number_pattern(n)), style="bold reverse red")
        en.highlight_regex(_LABEL, style="bold reverse red")
        parts.append(en)
        sources = [f"sentence {n + 1} from " + (", ".join(f"{a + 1}.{b + 1}" for a, b in x.support)
                                                 or "no sentence of the article (check it)")
                   for n, x in enumerate(summary.sentences)]
        if sources:
            parts.append(Text("Where the summary comes from (paragraph.sentence of the article): "
                              + "; ".join(sources), style="dim", overflow="fold"))
    if summary.ar is not None:
        parts += [Text(""), RTLText(clean_for_display(summary.ar), rtl_mode)]
    if summary.unverified_numbers:
        parts += [Text(""), Text(numbers_note(summary), style="bold red")]
    return Panel(Group(*parts), title=SUMMARY_TITLE, title_align="left")


def rich_notes(doc: Document) -> RenderableType | None:
    """The notes under the table: each mark and why (None when nothing is flagged)."""
    from rich.text import Text

    _, checks = notes(doc)
    if not checks:
        return None
    text = Text(INTRO + "\n", style="bold")
    for line in map(safe_text, note_lines(checks)):
        label, _, rest = line.partition(" ")
        text.append(label, style="bold reverse red")
        text.append(f" {rest}\n", style="")
    return text
