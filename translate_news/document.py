"""The data that flows between modules: a Document of Paragraphs of Sentences.

Every source string is an exact slice of `Document.text` (the decoded input), so nothing
can be lost or invented between reading and rendering. Standard library only.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Sentence:
    start: int  # offset of `source` in Document.text
    source: str  # exactly Document.text[start:start + len(source)]
    translation: str | None = None
    status: str = "pending"  # ok | split | suspect | passthrough
    pieces: int = 1  # >1 when the sentence was over the model's limit and split

    @property
    def end(self) -> int:
        return self.start + len(self.source)


@dataclass
class Paragraph:
    index: int
    start: int
    source: str
    kind: str  # content | boilerplate | passthrough
    sentences: list[Sentence]
    rule: str | None = None  # the boilerplate rule that set it aside

    @property
    def translation(self) -> str | None:
        parts = [s.translation for s in self.sentences]
        if not parts or any(p is None for p in parts):
            return None
        return " ".join(p for p in parts if p)


@dataclass
class Source:
    text: str  # decoded input, newlines normalised to "\n"
    encoding: str
    path: str | None  # None for --text, "-" for stdin
    sha256: str  # of the raw bytes


@dataclass
class Document:
    source: Source
    paragraphs: list[Paragraph]
    summary: dict[str, str] | None = None
    warnings: list[str] = field(default_factory=list)
    models: dict[str, str] = field(default_factory=dict)
    stats: dict[str, float | int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.source.text

    def sentences(self):
        for p in self.paragraphs:
            yield from p.sentences
