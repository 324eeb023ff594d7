"""The reading formats for files and pipes: plain English text, and bilingual Markdown."""
from __future__ import annotations

import html
import re

from translate_news.document import Document, Kind, Paragraph, Summary
from translate_news.normalize import safe_text
from translate_news.render.marks import INTRO, Labels, note_lines, notes, summary_labels
from translate_news.render.marks import marked as marked_english
from translate_news.render.source import link, page_facts
from translate_news.render.stream import Streamer

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


def text_printed(p: Paragraph) -> bool:
    """Whether text prints the paragraph: it has English, or a flagged sentence (its mark)."""
    return bool(p.english) or any(s.flags for s in p.sentences)


def markdown_printed(p: Paragraph) -> bool:
    """Whether markdown prints the paragraph in the article (boilerplate set aside goes to the end)."""
    return not (p.kind == Kind.BOILERPLATE and p.translation is None)


class TextStream(Streamer):
    """English only: the paragraphs, then the English summary, then what to check; blank-line separated."""

    def __init__(self) -> None:
        self.labels, self.first = Labels(), True

    def _block(self, text: str) -> str:
        out = text if self.first else "\n\n" + text
        self.first = False
        return safe_text(out)

    def start(self, doc: Document) -> str:
        facts = page_facts(doc)  # a web page: where it came from, before its headline
        return self._block("\n".join(f"{label}: {value}" for label, value in facts)) if facts else ""

    def paragraph(self, p: Paragraph) -> str:
        english = marked_english(p, self.labels.add(p))
        if not (text_printed(p) and english):
            return ""
        return self._block(underlined(english) if p.heading else english)

    def finish(self, doc: Document) -> str:
        blocks = []
        s, en = doc.summary, summary_english(doc)
        if s and en is not None:  # English only: the Arabic rendering is in every other format
            blocks += [SUMMARY_TITLE, en]
            if s.unverified_numbers:
                blocks.append(numbers_note(s))
        _, checks = notes(doc, text_printed)
        if checks:
            blocks.append("\n".join([INTRO, *note_lines(checks)]))
        return "".join(self._block(b) for b in blocks) + "\n"


class MarkdownStream(Streamer):
    """A bilingual document: the Arabic as RTL HTML paragraphs, the English, then the summary,
    what to check and what was set aside. Lines are written as they come; trailing blank
    lines are held back, so the document ends with exactly one newline."""

    def __init__(self) -> None:
        self.labels, self.blanks, self.aside = Labels(), 0, list[Paragraph]()

    def _lines(self, *lines: str) -> str:
        out = []
        for line in lines:
            if line:
                out.append("\n" * self.blanks + line + "\n")
                self.blanks = 0
            else:
                self.blanks += 1
        return safe_text("".join(out))

    def start(self, doc: Document) -> str:
        title = doc.source.path if doc.source.path not in (None, "-") else "Arabic article"
        if doc.source.page and doc.source.page.title:
            title = doc.source.page.title
        facts = [f"- {label}: {_md_link(value) if label == 'Original' else _md_escape(value)}"
                 for label, value in page_facts(doc)]
        return self._lines(f"# Translation: {_md_escape(title or '')}", "", *facts, *([""] if facts else []))

    def paragraph(self, p: Paragraph) -> str:
        self.labels.add(p)
        if not markdown_printed(p):
            self.aside.append(p)
            return ""
        if p.kind == Kind.PASSTHROUGH:  # English already: shown once, not tagged as Arabic
            return self._lines(_md_heading(p.source) if p.heading else _md_escape(p.source), "")
        english = marked_english(p, self.labels) or ""
        if p.heading:  # a page's headline or subheading: a heading on both sides, the Arabic still RTL
            return self._lines(_rtl_html(p.source, tag="h3"), "", _md_heading(english), "")
        return self._lines(_rtl_html(p.source), "", _md_escape(english), "")

    def finish(self, doc: Document) -> str:
        out: list[str] = []
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
        _, checks = notes(doc, markdown_printed)
        if checks:
            out += ["## Check these", "", _md_escape(INTRO), ""]
            out += [f"- {_md_escape(line)}" for line in note_lines(checks)]
            out.append("")
        if self.aside:
            out += ["## Set aside as boilerplate", ""]
            for p in self.aside:
                out += [f"<!-- rule: {p.rule} -->", _rtl_html(p.source), ""]
        return self._lines(*out)


def render_text(doc: Document) -> str:
    return TextStream().render(doc)


def render_markdown(doc: Document) -> str:
    return MarkdownStream().render(doc)


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_link(url: str) -> str:
    """The original's URL as a Markdown link when it is http(s), else as text."""
    safe = link(url)
    if safe is None:
        return _md_escape(url)
    target = safe.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return f"[{_md_escape(url)}]({target})"


def _rtl_html(text: str, tag: str = "p") -> str:
    return f'<{tag} dir="rtl" lang="ar">{html.escape(text).replace(chr(10), "<br>")}</{tag}>'


def _md_heading(text: str) -> str:
    """A heading line: one line (a line break would end it), nothing when there is no text."""
    line = " ".join(text.split())
    return f"### {_md_escape(line)}" if line else ""


def underlined(text: str) -> str:
    """A heading in plain text: its lines, then a rule as long as the longest."""
    return text + "\n" + "-" * max(len(line) for line in text.split("\n"))
