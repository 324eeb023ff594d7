"""Marks for what a reader should check: a label per flagged sentence and the notes that explain them.

Every reading format (text, markdown, the terminal table, html) uses the same labels, in
reading order: [!1], [!2] for article sentences, [S1], [S2] for summary sentences. A label is
plain text, so it reads without colour.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from translate_news.document import Document, Flag, Paragraph

LRM = "\u200e"  # a strong left-to-right character, invisible: keeps "[!1]" and "(5)" in order beside Arabic
# A run of Arabic letters, words joined by spaces: what a reason quotes from the source
ARABIC_RUN = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]+"
                        "(?:[ \u00a0]+[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]+)*")
INTRO = "Check these against the Arabic (machine translation can be wrong and still read well):"


@dataclass(frozen=True)
class Note:
    label: str  # "!1" or "S1"
    where: str  # "paragraph 3" or "summary"
    flags: list[Flag]
    repaired: bool = False  # decoded again; these flags are what remains


class Labels(dict[tuple[int, int], str]):
    """Labels given paragraph by paragraph, in reading order: the same as notes() gives at the end."""

    def add(self, p: Paragraph) -> Labels:
        for i, s in enumerate(p.sentences):
            if s.flags:
                self[p.index, i] = f"!{len(self) + 1}"
        return self


def notes(doc: Document, printed: Callable[[Paragraph], bool] = lambda p: True
          ) -> tuple[dict[tuple[int, int], str], list[Note]]:
    """Labels of flagged article sentences by (paragraph, sentence), and every note in order.

    A note names its paragraph by the count of `printed` paragraphs up to it, so that "paragraph 3"
    is the third the reader sees (text leaves boilerplate out; counting it would point elsewhere)."""
    labels = Labels()
    out: list[Note] = []
    shown = 0
    for p in doc.paragraphs:
        labels.add(p)
        shown += printed(p)
        out += [Note(labels[p.index, i], f"paragraph {shown}", s.flags, s.first_flags is not None)
                for i, s in enumerate(p.sentences) if s.flags]
    summary = doc.summary.sentences if doc.summary else []
    out += [Note(f"S{n + 1}", "summary", s.flags) for n, s in enumerate(x for x in summary if x.flags)]
    return labels, out


def summary_labels(doc: Document) -> list[str | None]:
    """The label of each summary sentence (None when it is not flagged)."""
    labels, n = [], 0
    for s in doc.summary.sentences if doc.summary else []:
        n += bool(s.flags)
        labels.append(f"S{n}" if s.flags else None)
    return labels


def marked(p: Paragraph, labels: dict[tuple[int, int], str]) -> str | None:
    """The paragraph's English with [!n] after each flagged sentence."""
    english = p.english
    if english is None or not any((p.index, i) in labels for i in range(len(p.sentences))):
        return english
    parts = []
    for i, s in enumerate(p.sentences):
        label = labels.get((p.index, i))
        text = s.translation or ""
        parts.append(f"{text} [{label}]" if label else text)
    return " ".join(x for x in parts if x)


def arabic_marked(p: Paragraph, labels: dict[tuple[int, int], str], clean: Callable[[str], str]) -> str:
    """The paragraph's Arabic (each piece through `clean`) with the same [!n] after each sentence whose
    English is flagged. The mark sits between left-to-right marks: in a right-to-left line a bare
    "[!1]" would read "[1!]"."""
    if not any((p.index, i) in labels for i in range(len(p.sentences))):
        return clean(p.source)
    parts, at = [], 0
    for i, s in enumerate(p.sentences):
        label = labels.get((p.index, i))
        if label:
            end = s.end - p.start
            parts += [clean(p.source[at:end]), f" {LRM}[{label}]{LRM}"]
            at = end
    return "".join([*parts, clean(p.source[at:])])


def isolated(text: str) -> str:
    """`text` with each Arabic run between left-to-right marks, so that in a left-to-right line
    "the source's خمسة (5)" keeps its parenthesis and number where they are."""
    return ARABIC_RUN.sub(lambda m: f"{LRM}{m.group()}{LRM}", text)


def note_lines(notes_: list[Note]) -> list[str]:
    """One line per note: '[!1] paragraph 3: number-missing: the source's 35 is not in the translation'."""
    lines = []
    for n in notes_:
        reasons = "; ".join(f"{f.code}: {f.reason}" for f in n.flags)
        again = " (after decoding it again)" if n.repaired else ""
        lines.append(f"[{n.label}] {n.where}{again}: {reasons}")
    return lines
