"""The reading formats for files and pipes: plain English text, and bilingual Markdown."""
from __future__ import annotations

import html
import re

from translate_news.document import Document, Kind, Summary
from translate_news.normalize import safe_text
from translate_news.render.marks import INTRO, note_lines, notes, summary_labels
from translate_news.render.marks import marked as marked_english

SUMMARY_TITLE = "Summary (machine-written; check it against the article)"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def numbers_note(summary: Summary) -> str:
    return "Not found in the translation, check: " + ", ".join(summary.unverified_numbers)


def number_pattern(n: str) -> str:
    """A regex for the number `n` standing alone (not inside a longer number)."""
    return rf"(?<![\d.,]){re.escape(n)}(?![\d])"


def summary_english(doc: Document) -> str | None:
    """The English summary with [Sn] after each flagged sentence."""
    s = doc.summary
    if s is None or s.en is None:
        return None
    if not any(x.flags for x in s.sentences):
        return s.en
    return " ".join(f"{x.text} [{label}]" if label else x.text
                    for x, label in zip(s.sentences, summary_labels(doc), strict=True))


def render_text(doc: Document) -> str:
    """The English only: the paragraphs, then the English summary, then what to check."""
    labels, checks = notes(doc)
    blocks = [e for e in (marked_english(p, labels) for p in doc.paragraphs) if e]
    s = doc.summary
    en = summary_english(doc)
    if s and en is not None:  # English only: the Arabic rendering is in every other format
        blocks += [SUMMARY_TITLE, en]
        if s.unverified_numbers:
            blocks.append(numbers_note(s))
    if checks:
        blocks.append("\n".join([INTRO, *note_lines(checks)]))
    return safe_text("\n\n".join(blocks) + "\n")


def render_markdown(doc: Document) -> str:
    title = doc.source.path if doc.source.path not in (None, "-") else "Arabic article"
    out = [f"# Translation: {_md_escape(title or '')}", ""]
    labels, checks = notes(doc)
    aside = []
    for p in doc.paragraphs:
        if p.kind == Kind.BOILERPLATE and p.translation is None:
            aside.append(p)
        elif p.kind == Kind.PASSTHROUGH:  # English already: shown once, not tagged as Arabic
            out += [_md_escape(p.source), ""]
        else:
            out += [_rtl_html(p.source), "", _md_escape(marked_english(p, labels) or ""), ""]
    s = doc.summary
    if s:
        out += [f"## {SUMMARY_TITLE}", ""]
        if s.en is not None:
            en = _md_escape(summary_english(doc) or "")
            for n in s.unverified_numbers:
                en = re.sub(number_pattern(n), f"**{n}**", en)
            out += [en, ""]
        if s.ar is not None:
            out += [_rtl_html(s.ar), ""]
        if s.unverified_numbers:
            out += [f"> {numbers_note(s)}", ""]
        supported = [x for x in s.sentences if x.support]
        if supported:
            out += ["Where the summary comes from (paragraph.sentence of the article):", ""]
            out += [f"- {_md_escape(x.text)} ({', '.join(f'{a + 1}.{b + 1}' for a, b in x.support)})"
                    for x in supported]
            out.append("")
    if checks:
        out += ["## Check these", "", _md_escape(INTRO), ""]
        out += [f"- {_md_escape(line)}" for line in note_lines(checks)]
        out.append("")
    if aside:
        out += ["## Set aside as boilerplate", ""]
        for p in aside:
            out += [f"<!-- rule: {p.rule} -->", _rtl_html(p.source), ""]
    return safe_text("\n".join(out).rstrip("\n") + "\n")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _rtl_html(text: str) -> str:
    return f'<p dir="rtl" lang="ar">{html.escape(text).replace(chr(10), "<br>")}</p>'
