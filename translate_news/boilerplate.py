"""Conservative rules that set scraped junk aside (newsletter prompts, share buttons).

Plain-text scrapes have no DOM, so HTML tools (jusText, trafilatura) drop real short lines
such as datelines and subheadings. These rules only fire on exact
button labels or on short lines with two signals, and a block is set aside only when every
line in it is junk, or one is and all of them are short. Nothing is deleted: set-aside
paragraphs stay in the Document, are listed on stderr and kept in JSON.
"""
from __future__ import annotations

import re

# Whole-line labels, compared after stripping punctuation and case.
EXACT_LABELS = frozenset({
    "شاركها", "شارك", "مشاركة", "شارك المقال", "اقرأ أيضا", "اقرأ أيضاً", "اقرأ المزيد", "إعلان",
    "طباعة", "تابعونا", "المزيد", "ذات صلة", "أخبار ذات صلة", "مواضيع ذات صلة", "الرئيسية",
    "exit mobile version", "share", "share this", "read more", "advertisement", "skip to content",
    "tweet", "facebook", "twitter", "whatsapp", "telegram", "email", "print", "related",
})

# (rule name, pattern) pairs; they only apply to lines of at most SHORT_LINE_WORDS words.
PATTERNS = (
    ("newsletter", re.compile(r"(نشر(ة|ات)|النشرة).*(الإخبارية|الاخبارية|البريدية)|newsletter", re.I)),
    # "اشترك" alone also means "took part", so a subscription needs a second signal.
    ("subscribe", re.compile(r"^(اشترك|سجل|subscribe|sign up).*(التنبيهات|النشرة|نشرات|بريد|alerts|inbox)", re.I)),
    ("copyright", re.compile(r"^©|جميع الحقوق محفوظة|all rights reserved", re.I)),
    ("follow-us", re.compile(r"^(تابعونا|تابعنا|follow us)", re.I)),
    ("read-more", re.compile(r"^(اقرأ أيضا|اقرأ أيضاً|read more|related|tags|مواضيع ذات صلة)\s*:", re.I)),
    ("punctuation-only", re.compile(r"^[\W_]+$")),
)
SHORT_LINE_WORDS = 20
SHORT_BLOCK_WORDS = 12
_STRIP = ".:!،؛?؟-–—|•·\"'“”«» \t"


def line_rule(line: str) -> str | None:
    """The rule that marks `line` as junk, or None."""
    bare = line.strip().strip(_STRIP).casefold()
    if bare in EXACT_LABELS:
        return "label"
    if not line.strip() or len(line.split()) > SHORT_LINE_WORDS:
        return None
    for name, pattern in PATTERNS:
        if pattern.search(line.strip()):
            return name
    return None


def block_rule(block: str) -> str | None:
    """The rule that sets a blank-line-separated block aside, or None to keep it."""
    lines = [ln for ln in block.split("\n") if ln.strip()]
    rules = [line_rule(ln) for ln in lines]
    hits = [r for r in rules if r]
    if not hits:
        return None
    if len(hits) == len(lines):
        return hits[0]
    if all(len(ln.split()) <= SHORT_BLOCK_WORDS for ln in lines):
        return hits[0]
    return None
