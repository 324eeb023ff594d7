"""The terminal view: a Rich side-by-side table, English left, Arabic right, then the summary."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypedDict

from rich.console import Console, Group, RenderableType
from rich.table import Table

from translate_news.document import Document, Kind, Paragraph, TrustCounts
from translate_news.normalize import clean_for_display, safe_text
from translate_news.reading import arabic_share
from translate_news.render.marks import LRM, Labels, Note, arabic_marked, isolated, marked, notes
from translate_news.render.source import page_facts
from translate_news.render.stream import Streamer
from translate_news.render.text import SUMMARY_TITLE, number_pattern, numbers_note, summary_english

if TYPE_CHECKING:
    from rich.console import ConsoleOptions
    from rich.text import Text

_LABEL = re.compile(rf"{LRM}?\[(?:!|S)\d+\]{LRM}?")  # the marks, styled; they read without colour too
_MARK_STYLE = "bold reverse red"


class TableStream(Streamer):
    """The side-by-side table a row at a time, each flagged row followed by its reasons, then the
    summary panel and a short count.

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
        facts = rich_facts(doc, self.mode)  # a web page: its headline and where it came from
        header = self._print(*([facts] if facts is not None else []), _table(self.mode, header=True))
        return header[:header.rstrip("\n").rfind("\n") + 1]  # without its bottom edge

    def paragraph(self, p: Paragraph) -> str:
        table = _table(self.mode, header=False)
        _add_row(table, p, self.labels.add(p), self.mode)
        row = self._print(table)
        row = row[row.find("\n") + 1:]  # without its top edge
        flagged = [Note(self.labels[p.index, i], "", s.flags, s.first_flags is not None)
                   for i, s in enumerate(p.sentences) if s.flags]
        if not flagged:
            return row
        # the reasons under the row, above the blank edge that parts it from the next row
        body, edge = row[:-1].rsplit("\n", 1) if row.count("\n") > 1 else (row[:-1], "")
        return body + "\n" + self._print(Reasons(flagged, self.mode)) + edge + "\n"

    def finish(self, doc: Document) -> str:
        parts: list[RenderableType] = [rich_summary(doc, self.mode)] if doc.summary else []
        line = count_line(doc.counts())
        if line is not None:
            from rich.text import Text

            parts.append(Text(line, style="bold"))
        return self._print(*parts)


class Reasons:
    """Each flagged sentence's label and reasons, a line each, wrapped under the label.

    The reasons may quote the Arabic ("the source's خمسة (5)"): each Arabic run is isolated
    with left-to-right marks so that its neighbours keep their order, and with --rtl visual
    it is reshaped and reordered like the Arabic column."""

    def __init__(self, flagged: list[Note], rtl_mode: str, indent: str = " "):
        self.flagged, self.mode, self.indent = flagged, rtl_mode, indent  # the indent of the table's first column

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        from rich.text import Text

        for n in self.flagged:
            lead = f"{self.indent}[{n.label}] "
            again = " (after decoding it again)" if n.repaired else ""
            body = isolated(clean_for_display("; ".join(f"{f.code}: {f.reason}" for f in n.flags) + again))
            if self.mode == "visual":
                from translate_news.rtl import reshape

                body = reshape(body)
            width = max(10, options.max_width - len(lead))
            for k, line in enumerate(Text(body, overflow="fold").wrap(console, width)):
                shown = line.plain.rstrip()
                if self.mode == "visual":
                    from bidi.algorithm import get_display

                    shown = get_display(shown, base_dir="L")
                out = Text(lead if k == 0 else " " * len(lead), no_wrap=True, overflow="crop")
                if k == 0:
                    out.stylize(_MARK_STYLE, len(self.indent), len(lead) - 1)
                out.append(shown)
                out.align("left", options.max_width)  # as wide as the rows around it
                yield out


def count_line(c: TrustCounts) -> str | None:
    """Under the summary: how many marks to check, each sentence once (None when nothing is flagged)."""
    parts = []
    if c.flagged:
        again = f" ({c.flagged_after_repair} of them after decoding again)" if c.flagged_after_repair else ""
        parts.append(f"{c.flagged} flagged sentence(s){again}")
    if c.flagged_summary:
        parts.append(f"{c.flagged_summary} flagged summary sentence(s)")
    if not parts:
        return None
    return ("Check against the Arabic: " + " and ".join(parts)
            + "; the reasons are under each marked row (machine translation can be wrong and still read well).")


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
        style = "italic bold" if p.heading else "italic"
        table.add_row(Text(safe_text(p.source), style=style, overflow="fold"),
                      Text(arabic, style=style, justify="right", overflow="fold"))
    else:
        # a page's headline or subheading in bold on both sides
        style = " ".join(s for s in ("bold" if p.heading else "", "dim" if p.kind == Kind.BOILERPLATE else "") if s)
        english = Text(safe_text(marked(p, labels) or ""), style=style, overflow="fold")
        english.highlight_regex(_LABEL, style=_MARK_STYLE)
        table.add_row(english, MarkedRTL(arabic_marked(p, labels, clean_for_display), rtl_mode, style=style))


def rich_facts(doc: Document, rtl_mode: str) -> RenderableType | None:
    """A web page's headline (Arabic), site, date, author and URL above the table; None for plain text."""
    from rich.text import Text

    from translate_news.rtl import RTLText

    page = doc.source.page
    if page is None:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for label, value in [("Headline", page.title or ""), *page_facts(doc)]:
        if value:
            shown = safe_text(value)
            grid.add_row(label, RTLText(shown, rtl_mode) if arabic_share(shown) else Text(shown))
    return grid


def rich_table(doc: Document, rtl_mode: str) -> Table:
    """The whole side-by-side view as one table: one row per paragraph, English left, Arabic right."""
    labels, _ = notes(doc)
    table = _table(rtl_mode, header=True)
    for p in doc.paragraphs:
        _add_row(table, p, labels, rtl_mode)
    return table


def rich_summary(doc: Document, rtl_mode: str) -> RenderableType:
    """The summary panel: English with its marks and unverified numbers highlighted, the reasons of
    each mark, where each sentence comes from, then the Arabic."""
    from rich.panel import Panel
    from rich.text import Text

    from translate_news.rtl import RTLText

    summary = doc.summary
    assert summary is not None
    parts: list[RenderableType] = []
    if summary.en is not None:
        en = Text(safe_text(summary_english(doc) or ""), overflow="fold")
        for n in summary.unverified_numbers:
            en.highlight_regex(re.compile(number_pattern(n)), style=_MARK_STYLE)
        en.highlight_regex(_LABEL, style=_MARK_STYLE)
        parts.append(en)
        flagged = [n for n in notes(doc)[1] if n.where == "summary"]
        if flagged:
            parts.append(Reasons(flagged, rtl_mode, indent=""))
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


class MarkedRTL:
    """The Arabic column with the marks of its flagged sentences styled as on the English side."""

    def __init__(self, text: str, mode: str, style: str = ""):
        from translate_news.rtl import RTLText

        self.inner = RTLText(text, mode, style=style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> object:
        return self.inner.__rich_measure__(console, options)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        for line in self.inner.__rich_console__(console, options):
            line.highlight_regex(_LABEL, style=_MARK_STYLE)
            yield line
