"""The reading formats for files and pipes: plain English text, and bilingual Markdown."""
from __future__ import annotations

import html
import re

from translate_news.document import Document, Kind, Summary

SUMMARY_TITLE = "Summary (machine-written; check it against the article)"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def numbers_note(summary: Summary) -> str:
    return "Not found in the translation, check: " + ", ".join(summary.unverified_numbers)


def number_pattern(n: str) -> str:
    """A regex for the number `n` standing alone (not inside a longer number)."""
    return rf"(?<![\d.,]){re.escape(n)}(?![\d])"


def render_text(doc: Document) -> str:
    """The English only: the paragraphs, then the English summary."""
    blocks = [e for e in (p.english for p in doc.paragraphs) if e]
    s = doc.summary
    if s and s.en is not None:  # English only: the Arabic rendering is in every other format
        blocks += [SUMMARY_TITLE, s.en]
        if s.unverified_numbers:
            blocks.append(numbers_note(s))
    return "\n\n".join(blocks) + "\n"


def render_markdown(doc: Document) -> str:
    title = doc.source.path if doc.source.path not in (None, "-") else "Arabic article"
    out = [f"# Translation: {_md_escape(title or '')}", ""]
    aside = []
    for p in doc.paragraphs:
        if p.kind == Kind.BOILERPLATE and p.translation is None:
            aside.append(p)
        elif p.kind == Kind.PASSTHROUGH:  # English already: shown once, not tagged as Arabic
            out += [_md_escape(p.source), ""]
        else:
            out += [_rtl_html(p.source), "", _md_escape(p.english or ""), ""]
    s = doc.summary
    if s:
        out += [f"## {SUMMARY_TITLE}", ""]
        if s.en is not None:
            en = _md_escape(s.en)
            for n in s.unverified_numbers:
                en = re.sub(number_pattern(n), f"**{n}**", en)
            out += [en, ""]
        if s.ar is not None:
            out += [_rtl_html(s.ar), ""]
        if s.unverified_numbers:
            out += [f"> {numbers_note(s)}", ""]
    if aside:
        out += ["## Set aside as boilerplate", ""]
        for p in aside:
            out += [f"<!-- rule: {p.rule} -->", _rtl_html(p.source), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _rtl_html(text: str) -> str:
    return f'<p dir="rtl" lang="ar">{html.escape(text).replace(chr(10), "<br>")}</p>'
