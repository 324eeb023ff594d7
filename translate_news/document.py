"""The data that flows between modules: a Document of Paragraphs of Sentences.

Every source string is an exact slice of `Document.text` (the decoded input), so nothing
can be lost or invented between reading and rendering. Standard library only.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """What happened to a sentence; the JSON `status` values."""

    PENDING = "pending"
    OK = "ok"
    SPLIT = "split"  # over the model's limit, translated in pieces
    SUSPECT = "suspect"  # failed a sanity check
    PASSTHROUGH = "passthrough"  # no Arabic: copied as is
    SKIPPED = "skipped"  # boilerplate set aside


class Kind(StrEnum):
    """What a paragraph is; the JSON `kind` values."""

    CONTENT = "content"
    BOILERPLATE = "boilerplate"
    PASSTHROUGH = "passthrough"


class Lang(StrEnum):
    EN = "en"
    AR = "ar"


@dataclass(frozen=True)
class Flag:
    """A doubt about a piece of text: a fixed code (trust/checks.py lists them) and why."""

    code: str
    reason: str  # short, human, names the evidence

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "reason": self.reason}


@dataclass
class Sentence:
    start: int  # offset of `source` in Document.text
    source: str  # exactly Document.text[start:start + len(source)]
    translation: str | None = None
    status: Status = Status.PENDING
    pieces: int = 1  # >1 when the sentence was over the model's limit and split
    flags: list[Flag] = field(default_factory=list)  # what the trust checks found (after any repair)
    first_flags: list[Flag] | None = None  # set when the sentence was decoded again: the first attempt's flags
    hit_cap: bool = False  # decoding stopped at the length cap: kept so that a re-check gives the same flags

    @property
    def end(self) -> int:
        return self.start + len(self.source)


@dataclass
class Paragraph:
    index: int
    start: int
    source: str
    kind: Kind
    sentences: list[Sentence]
    rule: str | None = None  # the boilerplate rule that set it aside
    heading: bool = False  # a headline or subheading of a web page (pages/), a paragraph of its own

    @property
    def translation(self) -> str | None:
        parts = [s.translation for s in self.sentences]
        if not parts or any(p is None for p in parts):
            return None
        return " ".join(p for p in parts if p)

    @property
    def english(self) -> str | None:
        """What a reader gets in English: the translation, or the source when passed through."""
        return self.source if self.kind == Kind.PASSTHROUGH else self.translation


@dataclass
class PageInfo:
    """Where an article taken from a web page came from (a saved page or a URL); None: not known."""

    url: str | None = None  # the page's canonical URL, else the one fetched
    title: str | None = None
    published: str | None = None  # as the page gives it, ISO 8601 (a date, or a date and time)
    site: str | None = None
    author: str | None = None
    extraction: str = "article"  # article: the main text only; page: all visible text (--no-extract)
    headings: tuple[int, ...] = ()  # offsets in Source.text where a heading paragraph starts
    notes: tuple[str, ...] = ()  # doubts about the reading (a declared charset that was wrong)

    def to_dict(self) -> dict[str, Any]:
        """The JSON `source` keys: those known, then how the text was taken from the page."""
        known = {k: v for k in ("url", "title", "published", "site", "author") if (v := getattr(self, k))}
        return {**known, "format": "html", "extraction": self.extraction, **({"notes": list(self.notes)}
                                                                             if self.notes else {})}


@dataclass
class Source:
    text: str  # decoded input, newlines normalised to "\n"; for a web page, the text extracted from it
    encoding: str
    path: str | None  # None for --text, "-" for stdin; a URL as given for a fetched page
    sha256: str  # of the raw bytes (a page's HTML as read or fetched)
    page: PageInfo | None = None  # set when the text was extracted from HTML

    @classmethod
    def from_text(cls, text: str, path: str | None = None) -> Source:
        """A Source for text already in hand (a library call, a test)."""
        return cls(text, "utf-8", path, hashlib.sha256(text.encode("utf-8")).hexdigest())


@dataclass
class SummarySentence:
    """One sentence of the English summary and the article sentences that back it."""

    text: str
    support: list[tuple[int, int]] = field(default_factory=list)  # (paragraph index, sentence index)
    flags: list[Flag] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "support": [list(s) for s in self.support],
                "flags": [f.to_dict() for f in self.flags]}


@dataclass
class Summary:
    """The machine summary; a language is None when it was not asked for."""

    en: str | None = None
    ar: str | None = None
    unverified_numbers: list[str] = field(default_factory=list)  # in `en`, found nowhere in the translation
    sentences: list[SummarySentence] = field(default_factory=list)  # `en` sentence by sentence, checked

    def to_dict(self) -> dict[str, Any]:
        langs = {k: v for k, v in (("en", self.en), ("ar", self.ar)) if v is not None}
        d: dict[str, Any] = {**langs, "unverified_numbers": self.unverified_numbers}
        if self.sentences:
            d["sentences"] = [s.to_dict() for s in self.sentences]
        return d


@dataclass
class SummaryStats:
    chunks: int  # chunks the article was cut into at the first level (1: it fit)
    levels: int  # summarization passes, the final one included
    input_tokens: int
    seconds: float


@dataclass
class Stats:
    paragraphs: int = 0
    sentences: int = 0
    translated_sentences: int = 0
    split_sentences: int = 0
    translate_seconds: float = 0.0
    seconds: float = 0.0
    summary: SummaryStats | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"paragraphs": self.paragraphs, "sentences": self.sentences,
                             "translated_sentences": self.translated_sentences,
                             "split_sentences": self.split_sentences, "translate_seconds": self.translate_seconds}
        if self.summary is not None:
            d["summary"] = vars(self.summary).copy()
        d["seconds"] = self.seconds
        return d


@dataclass
class Models:
    """Which models made the document (the JSON `models` object)."""

    translation: str
    device: str
    summary: str | None = None
    back_translation: str | None = None

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass
class Document:
    source: Source
    paragraphs: list[Paragraph]
    summary: Summary | None = None
    warnings: list[str] = field(default_factory=list)
    models: Models | None = None
    stats: Stats = field(default_factory=Stats)
    trust_notes: list[str] = field(default_factory=list)  # article-wide doubts: a name written two ways

    @property
    def text(self) -> str:
        return self.source.text

    def sentences(self) -> Iterator[Sentence]:
        for p in self.paragraphs:
            yield from p.sentences

    def flagged(self) -> list[tuple[Paragraph, Sentence]]:
        """Sentences a reader should check, in reading order."""
        return [(p, s) for p in self.paragraphs for s in p.sentences if s.flags]

    def summary_sentences(self) -> list[SummarySentence]:
        return self.summary.sentences if self.summary else []

    def trust_flagged(self) -> bool:
        """Whether anything (a sentence, a summary sentence) stays flagged for a reader."""
        return bool(self.flagged()) or any(s.flags for s in self.summary_sentences())

    def counts(self) -> TrustCounts:
        """The one count of what stays flagged and what was repaired, for every place that shows it."""
        sentences = list(self.sentences())
        flagged = [s for s in sentences if s.flags]
        summary = self.summary_sentences()
        return TrustCounts(
            sentences=len(sentences), flagged=len(flagged),
            repaired=sum(1 for s in sentences if s.first_flags is not None),
            flagged_after_repair=sum(1 for s in flagged if s.first_flags is not None),
            codes=flag_counts(f for s in flagged for f in s.flags),
            flagged_summary=sum(1 for s in summary if s.flags),
            summary_codes=flag_counts(f for s in summary for f in s.flags))

    def trust(self) -> dict[str, Any]:
        """The JSON `trust` block: how many sentences (and summary sentences) stay flagged, per code."""
        block = self.counts().to_dict()
        return {**block, "notes": self.trust_notes} if self.trust_notes else block


@dataclass(frozen=True)
class TrustCounts:
    """Each sentence counted once. `flagged` and `repaired` (decoded again, the second attempt kept)
    overlap in `flagged_after_repair`; the rest of `repaired` is clean now. Summary sentences are
    counted apart, never added to the article's."""

    sentences: int = 0
    flagged: int = 0
    repaired: int = 0
    flagged_after_repair: int = 0  # in both `flagged` and `repaired`
    codes: dict[str, int] = field(default_factory=dict)  # flags per code over the flagged sentences
    flagged_summary: int = 0
    summary_codes: dict[str, int] = field(default_factory=dict)

    @property
    def repaired_clean(self) -> int:
        """Sentences decoded again that stay flagged no more."""
        return self.repaired - self.flagged_after_repair

    def to_dict(self) -> dict[str, Any]:
        return {"flagged_sentences": self.flagged, "counts": self.codes, "repaired_sentences": self.repaired,
                "flagged_after_repair": self.flagged_after_repair,
                "flagged_summary_sentences": self.flagged_summary, "summary_counts": self.summary_codes}


def flag_counts(flags: Iterable[Flag]) -> dict[str, int]:
    """How many flags of each code, in the order the codes first appear."""
    return dict(Counter(f.code for f in flags))
