"""The terminal view: a Rich side-by-side table, English left, Arabic right, then the summary."""
from __future__ import annotations

import os
import re

from rich.console import Console, Group, RenderableType
from rich.table import Table

from translate_news.document import Document, Kind
from translate_news.normalize import clean_for_display, safe_text
from translate_news.render.marks import INTRO, marked, note_lines, notes
from translate_news.render.text import SUMMARY_TITLE, number_pattern, numbers_note, summary_english

_LABEL = re.compile(r"\[(?:!|S)\d+\]")  # the marks, styled; they read without colour too


def render_table(doc: Document, *, rtl: str | None, to_terminal: bool) -> str:
    from translate_news.rtl import resolve_rtl_mode

    mode = resolve_rtl_mode(rtl, is_terminal=to_terminal)
    if to_terminal:
        console = Console(highlight=False, width=terminal_width(1))
    else:  # a table into a file or pipe: fixed width, no colour, logical order
        console = Console(width=_columns() or 120, color_system=None, force_terminal=False, highlight=False)
    with console.capture() as captured:
        console.print(rich_table(doc, mode))
        if doc.summary:
            console.print(rich_summary(doc, mode))
        checks = rich_notes(doc)
        if checks is not None:
            console.print(checks)
    return captured.get()


def _columns() -> int | None:
    """COLUMNS when it is a usable width, else None (garbage or 0 must not empty the output)."""
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and 20 <= int(value) <= 10000 else None


def terminal_width(fd: int) -> int | None:
    """A width for a Rich console on `fd`: None (Rich decides) unless COLUMNS is set but unusable,
    which Rich would take as is (COLUMNS=0 prints nothing at all)."""
    if "COLUMNS" not in os.environ or _columns() is not None:
        return None
    try:
        return max(20, os.get_terminal_size(fd).columns)
    except OSError:
        return 80


def rich_table(doc: Document, rtl_mode: str) -> Table:
    """The side-by-side view: one row per paragraph, English left, Arabic right."""
    from rich import box
    from rich.text import Text

    from translate_news.rtl import RTLText

    labels, _ = notes(doc)
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=True, pad_edge=False)
    table.add_column("English", ratio=1)
    table.add_column(RTLText("العربية", rtl_mode), ratio=1, justify="right")
    for p in doc.paragraphs:
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
        sources = [f"{n + 1}: {', '.join(f'{a + 1}.{b + 1}' for a, b in x.support) or 'none'}"
                   for n, x in enumerate(summary.sentences)]
        if sources:
            parts.append(Text("from paragraph.sentence, per summary sentence: " + "; ".join(sources),
                              style="dim", overflow="fold"))
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
