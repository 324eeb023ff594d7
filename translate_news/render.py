"""Document to output: a Rich side-by-side table, plain text, Markdown, JSON, JSON Lines.

Pure functions of the Document; nothing here knows about models.
"""
from __future__ import annotations

import html
import json
import os
import re

from translate_news.document import Document, Paragraph
from translate_news.normalize import clean_for_display

FORMATS = ("rich", "text", "markdown", "json", "jsonl")
SCHEMA_VERSION = 1


def render_document(doc: Document, fmt: str, *, rtl: str | None = None, to_terminal: bool = False) -> str:
    """`doc` in format `fmt`, as the string to print or write."""
    if fmt != "rich":
        return {"text": render_text, "markdown": render_markdown, "json": render_json,
                "jsonl": render_jsonl}[fmt](doc)
    from rich.console import Console

    from translate_news.rtl import resolve_rtl_mode

    mode = resolve_rtl_mode(rtl, is_terminal=to_terminal)
    if to_terminal:
        console = Console(highlight=False)
    else:  # a table into a file or pipe: fixed width, no colour, logical order
        console = Console(width=int(os.environ.get("COLUMNS", "120")), color_system=None,
                          force_terminal=False, highlight=False)
    with console.capture() as captured:
        console.print(rich_table(doc, mode))
        if doc.summary:
            console.print(rich_summary(doc, mode))
    return captured.get()


def choose_format(requested: str | None, *, stdout_is_terminal: bool) -> str:
    if requested:
        return requested
    return "rich" if stdout_is_terminal else "text"


def english(p: Paragraph) -> str | None:
    """The English for a paragraph: its translation, or its source when passed through."""
    return p.source if p.kind == "passthrough" else p.translation


# ---------------------------------------------------------------- data formats

def paragraph_dict(p: Paragraph) -> dict:
    d = {"index": p.index, "kind": p.kind, "start": p.start, "source": p.source,
         "translation": english(p),
         "sentences": [{"start": s.start, "source": s.source, "translation": s.translation,
                        "status": s.status, **({"pieces": s.pieces} if s.pieces > 1 else {})}
                       for s in p.sentences]}
    if p.rule:
        d["rule"] = p.rule
    return d


def to_dict(doc: Document) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "source": {"path": doc.source.path, "encoding": doc.source.encoding, "sha256": doc.source.sha256},
        "models": doc.models,
        "paragraphs": [paragraph_dict(p) for p in doc.paragraphs],
        "summary": doc.summary,
        "warnings": doc.warnings,
        "stats": doc.stats,
    }


def render_json(doc: Document) -> str:
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=2) + "\n"


def render_jsonl(doc: Document) -> str:
    """One line per paragraph; then, when there is a summary, one line of kind 'summary'."""
    name = doc.source.path or "-"
    rows = [{**paragraph_dict(p), "document": name} for p in doc.paragraphs]
    if doc.summary:
        rows.append({"kind": "summary", "summary": doc.summary, "document": name})
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


# ---------------------------------------------------------------- reading formats

SUMMARY_TITLE = "Summary (machine-written; check it against the article)"


def render_text(doc: Document) -> str:
    blocks = [e for e in (english(p) for p in doc.paragraphs) if e]
    if doc.summary:
        blocks += [SUMMARY_TITLE] + [doc.summary[k] for k in ("en", "ar") if k in doc.summary]
        if doc.summary["unverified_numbers"]:
            blocks.append(_numbers_note(doc))
    return "\n\n".join(blocks) + "\n"


def _numbers_note(doc: Document) -> str:
    return ("Not found in the translation, check: " + ", ".join(doc.summary["unverified_numbers"]))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def render_markdown(doc: Document) -> str:
    title = doc.source.path if doc.source.path not in (None, "-") else "Arabic article"
    out = [f"# Translation: {_md_escape(title)}", ""]
    aside = []
    for p in doc.paragraphs:
        if p.kind == "boilerplate" and p.translation is None:
            aside.append(p)
            continue
        out += [_rtl_html(p.source), "", _md_escape(english(p) or ""), ""]
    if doc.summary:
        out += [f"## {SUMMARY_TITLE}", ""]
        if "en" in doc.summary:
            en = _md_escape(doc.summary["en"])
            for n in doc.summary["unverified_numbers"]:
                en = re.sub(rf"(?<![\d.,]){re.escape(n)}(?![\d])", f"**{n}**", en)
            out += [en, ""]
        if "ar" in doc.summary:
            out += [_rtl_html(doc.summary["ar"]), ""]
        if doc.summary["unverified_numbers"]:
            out += [f"> {_numbers_note(doc)}", ""]
    if aside:
        out += ["## Set aside as boilerplate", ""]
        for p in aside:
            out += [f"<!-- rule: {p.rule} -->", _rtl_html(p.source), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _rtl_html(text: str) -> str:
    return f'<p dir="rtl" lang="ar">{html.escape(text).replace(chr(10), "<br>")}</p>'


def rich_table(doc: Document, rtl_mode: str):
    """The side-by-side view: one row per paragraph, English left, Arabic right."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from translate_news.rtl import RTLText

    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=True, pad_edge=False)
    table.add_column("English", ratio=1)
    table.add_column("العربية", ratio=1, justify="right")
    for p in doc.paragraphs:
        arabic = clean_for_display(p.source)
        if p.kind == "boilerplate" and p.translation is None:
            note = Text(f"(set aside: {p.rule}; --keep-boilerplate translates it)", style="dim italic")
            table.add_row(note, RTLText(arabic, rtl_mode, style="dim"))
        elif p.kind == "passthrough":
            table.add_row(Text(p.source, style="italic", overflow="fold"), RTLText(arabic, rtl_mode, style="italic"))
        else:
            style = "dim" if p.kind == "boilerplate" else ""
            table.add_row(Text(english(p) or "", style=style, overflow="fold"), RTLText(arabic, rtl_mode, style=style))
    return table


def rich_summary(doc: Document, rtl_mode: str):
    """The summary panel: English with unverified numbers highlighted, then the Arabic."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from translate_news.rtl import RTLText

    parts = []
    numbers = doc.summary["unverified_numbers"]
    if "en" in doc.summary:
        en = Text(doc.summary["en"], overflow="fold")
        for n in numbers:
            en.highlight_regex(rf"(?<![\d.,]){re.escape(n)}(?![\d])", style="bold reverse red")
        parts.append(en)
    if "ar" in doc.summary:
        parts += [Text(""), RTLText(clean_for_display(doc.summary["ar"]), rtl_mode)]
    if numbers:
        parts += [Text(""), Text(_numbers_note(doc), style="bold red")]
    return Panel(Group(*parts), title=SUMMARY_TITLE, title_align="left")
