"""Text to Document: paragraphs and sentences as exact slices of the decoded text."""
from __future__ import annotations

import re

from translate_news.boilerplate import block_rule
from translate_news.document import Document, Paragraph, Sentence, Source
from translate_news.reading import arabic_share

# One or more blank (whitespace-only) lines end a paragraph; U+2029 does too.
_PARAGRAPH_BREAK = re.compile(r"\n(?:[^\S\n]*\n)+|\u2029")
_TERMINATORS = ".!?\u061f\u06d4\u2026"  # . ! ? ؟ ۔ …
_CLOSERS = "\"'\u201d\u2019\u00bb\u201c)\\]"  # a sentence end may sit inside quotes: ." .” .»
_BOUNDARY = re.compile(rf"[{_TERMINATORS}]+[{_CLOSERS}]*(?=\s|$)")
# Words that end in a period without ending the sentence.
ABBREVIATIONS = frozenset({
    "أ.د", "ق.م", "ص.ب", "هـ", "ت", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "no", "vs", "gen",
    "col", "lt", "sgt", "rep", "sen", "gov",
})
_SINGLE_LETTER = re.compile(r"^(?:[\u0621-\u064a]|[A-Za-z])$")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # U.S  U.K


def segment(source: Source) -> Document:
    """Split `source.text` into paragraphs and sentences, classifying each paragraph."""
    paragraphs = []
    for start, end in paragraph_spans(source.text):
        block = source.text[start:end]
        rule = block_rule(block)
        if rule:
            kind = "boilerplate"
        elif arabic_share(block) == 0.0:
            kind = "passthrough"
        else:
            kind = "content"
        sentences = [Sentence(start + s, block[s:e]) for s, e in sentence_spans(block)]
        paragraphs.append(Paragraph(len(paragraphs), start, block, kind, sentences, rule))
    return Document(source=source, paragraphs=paragraphs)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, without surrounding whitespace.

    Paragraphs are blank-line separated blocks; text with no blank line at all but several
    lines (a common scrape shape) gets one paragraph per line.
    """
    breaks = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else re.compile(r"\n")
    spans, pos = [], 0
    for m in breaks.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [s for s in (_strip_span(text, a, b) for a, b in spans) if s]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`; between them lies whitespace only."""
    spans, pos = [], 0
    for m in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, m):
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [s for s in (_strip_span(text, a, b) for a, b in spans) if s]


def _is_abbreviation(text: str, m: re.Match) -> bool:
    if m.group() != ".":
        return False
    word = text[:m.start()].rsplit(None, 1)[-1] if text[:m.start()].strip() else ""
    word = word.lstrip("(\"'«“")
    return (word.casefold() in ABBREVIATIONS or bool(_SINGLE_LETTER.match(word))
            or bool(_INITIALS.match(word)))


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip())
    return start + lead, start + lead + len(stripped)
