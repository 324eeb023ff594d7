"""Text to Document: paragraphs and sentences as exact slices of the decoded text.

Paragraphs: blank-line separated blocks (a line of only whitespace and invisible marks is
blank). Text with no blank line at all is read line by line: one paragraph per line, unless
the lines are hard-wrapped (wire copy, e-mail, text pasted from a PDF), which is the case when
there are at least three lines, the longest has at least MIN_WRAP_WIDTH characters, and more
than half of the lines before the last end without sentence punctuation and are full (the next
line's first word would not have fit on them, with 20% slack for proportional fonts). Then a
full line is joined to the next one, and a short line ends its paragraph. A joined paragraph
is still an exact slice, with the line breaks inside it; sentence splitting reads a line break
as a space, so a sentence never ends at a line end without punctuation.

Invisible direction and joining marks (INVISIBLE) count as whitespace at the edges of spans:
a sentence end sees through them, and those at a span's edge lie between spans, belonging to
neither the sentence before nor the one after (marks inside a sentence stay in it). They hold
no text: the model's copy turns them into spaces and the display drops them, so giving them to
a neighbour would only leave a sentence with a dangling half of an embedding, and a piece made
only of them would become an empty "sentence". Slices stay exact: only the offsets move.
"""
from __future__ import annotations

import re
from itertools import pairwise

from translate_news.boilerplate import block_rule
from translate_news.document import Document, Kind, Paragraph, Sentence, Source
from translate_news.reading import arabic_share

# LRM RLM ALM, embeddings and overrides (LRE RLE PDF LRO RLO), isolates (LRI RLI FSI PDI),
# zero-width space and non-joiner, word joiner, BOM: they carry no text of their own.
INVISIBLE = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u2060\ufeff"
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
# What str.strip() strips (all of it is below U+3001), plus the invisible marks.
_BLANK = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + INVISIBLE

# One or more blank lines end a paragraph; U+2029 does too.
_PARAGRAPH_BREAK = re.compile(rf"\n(?:(?:[^\S\n]|[{INVISIBLE}])*\n)+|\u2029")
_TERMINATORS = ".!?\u061f\u06d4\u2026"  # . ! ? ؟ ۔ …
_CLOSERS = "\"'\u201d\u2019\u00bb\u201c)]"  # a sentence end may sit inside quotes: ." .” .»
# Marks after the punctuation (before or after the closers) are taken into the match so the
# end is still seen; _strip_span then leaves them out of the sentence.
_BOUNDARY = re.compile(rf"[{_TERMINATORS}]+[{re.escape(_CLOSERS)}{INVISIBLE}]*(?=\s|$)")
# Words that end in a period without ending the sentence.
ABBREVIATIONS = frozenset({
    "أ.د", "ق.م", "ص.ب", "هـ", "ت", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "no", "vs", "gen",
    "col", "lt", "sgt", "rep", "sen", "gov",
})
_SINGLE_LETTER = re.compile(r"^(?:[\u0621-\u064a]|[A-Za-z])$")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # U.S  U.K
# The abbreviation check looks this far back: every abbreviation is shorter, and looking
# back to the start of the text at every period would make splitting quadratic.
_LOOK_BACK = 32
MIN_WRAP_WIDTH = 40  # lines shorter than this are headlines or lists, not a wrapped column
_FIRST_WORD = re.compile(r"\S+")


def segment(source: Source) -> Document:
    """Split `source.text` into paragraphs and sentences, classifying each paragraph."""
    spans, reflowed = _paragraphs(source.text)
    paragraphs: list[Paragraph] = []
    headings = set(source.page.headings) if source.page else set()
    for start, end in spans:
        block = source.text[start:end]
        # The lines of a hard-wrapped paragraph are not lines of their own: judged one by
        # one, a short wrapped line could set the whole paragraph aside as junk.
        rule = block_rule(block.replace("\n", " ") if reflowed else block)
        if rule:
            kind = Kind.BOILERPLATE
        elif arabic_share(block) == 0.0:
            kind = Kind.PASSTHROUGH
        else:
            kind = Kind.CONTENT
        sentences = [Sentence(start + s, block[s:e]) for s, e in sentence_spans(block)]
        paragraphs.append(Paragraph(len(paragraphs), start, block, kind, sentences, rule, heading=start in headings))
    return Document(source=source, paragraphs=paragraphs)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, without surrounding whitespace or invisible marks.

    Paragraphs are blank-line separated blocks; text with no blank line at all but several
    lines gets one paragraph per line, or, when its lines are hard-wrapped, one paragraph per
    run of wrapped lines (see the module docstring).
    """
    return _paragraphs(text)[0]


def _paragraphs(text: str) -> tuple[list[tuple[int, int]], bool]:
    """The paragraph spans, and whether they are hard-wrapped lines joined together."""
    by_line = not _PARAGRAPH_BREAK.search(text)
    spans, pos = [], 0
    for m in (re.finditer(r"\n", text) if by_line else _PARAGRAPH_BREAK.finditer(text)):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    pieces = [s for s in (_strip_span(text, a, b) for a, b in spans) if s]
    if not by_line:
        return pieces, False
    lines = pieces
    full = _full_lines(text, lines)
    open_and_full = sum(f and not _ends_sentence(text, line) for f, line in zip(full, lines[:-1], strict=True))
    if len(lines) < 3 or open_and_full * 2 <= len(lines) - 1:
        return lines, False
    spans, start = [], None
    for (a, b), joined in zip(lines, [*full, False], strict=True):  # a line that is not full ends its paragraph
        start = a if start is None else start
        if not joined:
            spans.append((start, b))
            start = None
    return spans, True


def _full_lines(text: str, lines: list[tuple[int, int]]) -> list[bool]:
    """For each line but the last: would the next line's first word not have fit on it?"""
    width = max((b - a for a, b in lines), default=0)
    if width < MIN_WRAP_WIDTH:
        return [False] * max(len(lines) - 1, 0)
    full = []
    for (a, b), (c, _) in pairwise(lines):
        word = _FIRST_WORD.match(text, c)
        full.append(b - a + 1 + (word.end() - c if word else 0) > 0.8 * width)
    return full


def _ends_sentence(text: str, span: tuple[int, int]) -> bool:
    a, b = span
    tail = text[max(a, b - _LOOK_BACK):b].rstrip(_BLANK + _CLOSERS)
    return bool(tail) and tail[-1] in _TERMINATORS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`; between them lies whitespace (and invisible marks) only."""
    spans, pos = [], 0
    for m in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, m):
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [s for s in (_strip_span(text, a, b) for a, b in spans) if s]


def _is_abbreviation(text: str, m: re.Match[str]) -> bool:
    if m.group().strip(INVISIBLE) != ".":
        return False
    lo = max(0, m.start() - _LOOK_BACK)
    before = text[lo:m.start()].translate(_DROP_INVISIBLE).rstrip()
    word = before.rsplit(None, 1)[-1] if before else ""
    if lo > 0 and word == before:
        return False  # the word may go on before the look-back: longer than any abbreviation
    word = word.lstrip("(\"'«“")
    return (word.casefold() in ABBREVIATIONS or bool(_SINGLE_LETTER.match(word))
            or bool(_INITIALS.match(word)))


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without whitespace and invisible marks at its edges; None if nothing is left."""
    chunk = text[start:end]
    stripped = chunk.strip(_BLANK)
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip(_BLANK))
    return start + lead, start + lead + len(stripped)
