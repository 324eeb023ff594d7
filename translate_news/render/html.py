"""The HTML view: one self-contained page per article, and a batch index of the pages.

Every piece of article text goes through Jinja2's autoescaping; the only markup inserted
unescaped is this package's own stylesheet and script (templates/page.css, page.js). The
page fetches nothing: a Content-Security-Policy allows only that stylesheet and script, by
hash, so even a payload that slipped past the escaping could neither run nor load anything.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from translate_news.document import Document, Flag, Kind, Paragraph, Sentence, Summary
from translate_news.normalize import safe_text
from translate_news.render.marks import ARABIC_RUN, isolated, notes, summary_labels
from translate_news.render.source import link, page_facts
from translate_news.render.text import SUMMARY_TITLE, number_pattern

TITLE_CHARS = 160
# Noncharacters, which HTML5 calls parse errors (safe_text shows the controls; a random model emits both),
# and lone surrogates: a file name that is not UTF-8 (batch keeps its bytes as surrogateescape).
_UNWRITABLE = re.compile("[\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")


# ---------------------------------------------------------------- the template environment

def _finalize(value: Any) -> Any:
    """Runs on every {{ value }} before escaping: controls and bidi overrides are shown, as every
    reading format shows them (safe_text), and what HTML cannot hold is replaced."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _UNWRITABLE.sub("\ufffd", safe_text(value))
    return value


def bdi(value: str) -> Markup:
    """Text with each Arabic run in <bdi>: in an English reason, "the source's خمسة (5)" keeps its
    parenthesis and number to the right of the Arabic instead of being drawn "(5) خمسة"."""
    text = _finalize(value)
    out, at = [], 0
    for m in ARABIC_RUN.finditer(text):
        out += [escape(text[at:m.start()]), Markup('<bdi lang="ar">%s</bdi>') % m.group()]
        at = m.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


@functools.cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("translate_news.render", "templates"), autoescape=True,
                      undefined=StrictUndefined, finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["bdi"] = bdi
    return env


@functools.cache
def asset(name: str) -> tuple[Markup, str]:
    """One of the package's own files to inline, and its CSP hash source."""
    env = environment()
    assert env.loader is not None
    text = env.loader.get_source(env, name)[0]
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"'sha256-{digest}'"  # our own file, never article text


def csp(*, script: bool) -> str:
    style = asset("page.css")[1]
    scripts = asset("page.js")[1] if script else "'none'"
    return (f"default-src 'none'; style-src {style}; script-src {scripts}; "
            "base-uri 'none'; form-action 'none'")


# ---------------------------------------------------------------- the article page

@dataclass(frozen=True)
class Run:
    """A stretch of text: a sentence (sid set) or what lies between sentences."""

    text: str
    sid: str | None = None
    flagged: bool = False
    mark: str = ""  # after an English sentence: its label ([!1], as in every reading format) or a sign
    tip: str = ""


@dataclass(frozen=True)
class Note:
    sid: str
    mark: str
    name: str
    flags: list[Flag]
    first_flags: list[Flag] | None
    pieces: int


@dataclass
class Row:
    paragraph: Paragraph
    arabic: list[Run]
    english: list[Run]
    notes: list[Note] = field(default_factory=list)
    translated: bool = True


@dataclass(frozen=True)
class Part:
    text: str
    number: bool = False  # an unverified number: highlighted


@dataclass(frozen=True)
class SummaryLine:
    parts: list[Part]
    support: list[tuple[str, str, str]]  # (sentence id, label, label in words)
    flags: list[Flag]
    label: str | None = None  # S1, S2 for flagged summary sentences

    @property
    def ids(self) -> str:
        return " ".join(s[0] for s in self.support)


def sid(p: int, s: int) -> str:
    return f"{p}-{s}"


def render_html(doc: Document) -> str:
    labels = notes(doc)[0]
    rows = [_row(p, labels) for p in doc.paragraphs]
    title_ar, title_en = first_line(doc)
    s = doc.summary
    page = {
        "doc": doc, "rows": rows, "title_ar": title_ar, "title_en": title_en,
        "name": PurePosixPath(doc.source.path).name if doc.source.path not in (None, "-") else "",
        "summary": s, "summary_title": SUMMARY_TITLE,
        "summary_lines": _summary_lines(doc, s) if s else [],
        "counts": _counts(doc), "seconds": f"{doc.stats.seconds:.1f} s" if doc.stats.seconds else "",
        "facts": page_facts(doc), "original": link(doc.source.page.url if doc.source.page else None),
        "css": asset("page.css")[0], "js": asset("page.js")[0], "csp": csp(script=True),
    }
    return environment().get_template("article.html.j2").render(page)


def first_line(doc: Document) -> tuple[str, str]:
    """The article's headline and the English of it: a web page's headline paragraph (a kicker such
    as "عاجل" may come before it), else the first content line (the headline, as a rule)."""
    title = " ".join((doc.source.page.title or "").split()) if doc.source.page else ""
    content = [p for p in doc.paragraphs if p.kind == Kind.CONTENT]
    p = next((p for p in content if p.heading and " ".join(p.source.split()) == title), None) \
        or next(iter(content), None)
    if p is None:
        return "", ""
    head = p.source.strip().split("\n", 1)[0]
    end = p.start + p.source.index(head) + len(head)
    english = " ".join(s.translation or "" for s in p.sentences if s.start < end).strip()
    return _clip(head), _clip(english.split("\n", 1)[0])


def _clip(text: str) -> str:
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1].rstrip() + "…"


def _row(p: Paragraph, labels: dict[tuple[int, int], str]) -> Row:
    arabic, english, notes, at = [], [], [], p.start
    translated = p.kind != Kind.BOILERPLATE or p.translation is not None
    for i, s in enumerate(p.sentences):
        if s.start > at:
            arabic.append(Run(p.source[at - p.start:s.start - p.start]))
        at = s.end
        key = sid(p.index, i) if translated and p.kind != Kind.PASSTHROUGH else None
        arabic.append(Run(s.source, key, bool(s.flags)))
        if key is None:
            continue
        mark = _mark(s, labels.get((p.index, i)))
        if mark:
            notes.append(Note(key, mark, f"sentence {i + 1}", s.flags, s.first_flags, s.pieces))
        english.append(Run(s.translation or "", key, bool(s.flags), mark, _tip(s)))
    if at < p.start + len(p.source):
        arabic.append(Run(p.source[at - p.start:]))
    return Row(p, arabic, english, notes, translated)


def _mark(s: Sentence, label: str | None) -> str:
    # Text or a sign, not only a colour, so the marker reads in print and without colour vision.
    if label:
        return f"[{label}]"
    return "↻" if s.first_flags is not None else "✂" if s.pieces > 1 else ""


def _tip(s: Sentence) -> str:
    lines = [f"check: {f.code}: {isolated(f.reason)}" for f in s.flags]  # a title holds no <bdi>
    if s.first_flags is not None:
        lines.append("repaired: decoded again")
    return "\n".join(lines)


def _counts(doc: Document) -> dict[str, int]:
    c = doc.counts()  # the JSON trust block's counts: each sentence once
    return {"paragraphs": len(doc.paragraphs), "sentences": c.sentences, "flagged": c.flagged,
            "flagged_after_repair": c.flagged_after_repair, "repaired_clean": c.repaired_clean,
            "boilerplate": sum(1 for p in doc.paragraphs if p.kind == Kind.BOILERPLATE)}


def number_parts(text: str, numbers: Sequence[str]) -> list[Part]:
    """`text` cut so that each unverified number is a Part of its own."""
    if not numbers:
        return [Part(text)]
    pattern = re.compile("|".join(f"(?:{number_pattern(n)})" for n in sorted(numbers, key=len, reverse=True)))
    parts, at = [], 0
    for m in pattern.finditer(text):
        parts += [Part(text[at:m.start()]), Part(m.group(), number=True)]
        at = m.end()
    return [*parts, Part(text[at:])]


def _summary_lines(doc: Document, s: Summary) -> list[SummaryLine]:
    if not s.sentences:
        return [SummaryLine(number_parts(s.en, s.unverified_numbers), [], [])] if s.en is not None else []
    lines = []
    for line, label in zip(s.sentences, summary_labels(doc), strict=True):
        support = [(sid(p, i), f"¶{p + 1}.{i + 1}", f"paragraph {p + 1}, sentence {i + 1}") for p, i in line.support
                   if 0 <= p < len(doc.paragraphs) and 0 <= i < len(doc.paragraphs[p].sentences)]
        lines.append(SummaryLine(number_parts(line.text, s.unverified_numbers), support, line.flags, label))
    return lines


# ---------------------------------------------------------------- the batch index
