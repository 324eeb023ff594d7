"""The data formats: JSON (one object per document) and JSON Lines (a line per paragraph)."""
from __future__ import annotations

from typing import Any

from translate_news.document import Document, Paragraph, Sentence
from translate_news.jsontext import to_json
from translate_news.render.stream import Streamer

SCHEMA_VERSION = 1


def paragraph_dict(p: Paragraph) -> dict[str, Any]:
    d: dict[str, Any] = {
        "index": p.index, "kind": p.kind, "start": p.start, "source": p.source, "translation": p.english,
        "sentences": [sentence_dict(s) for s in p.sentences]}
    if p.rule:
        d["rule"] = p.rule
    if p.heading:
        d["heading"] = True
    return d


def sentence_dict(s: Sentence) -> dict[str, Any]:
    d: dict[str, Any] = {"start": s.start, "source": s.source, "translation": s.translation, "status": s.status}
    if s.pieces > 1:
        d["pieces"] = s.pieces
    d["hit_cap"] = s.hit_cap  # decoding stopped at the length cap: what `check` needs to give the run's own flags
    d["flags"] = [f.to_dict() for f in s.flags]
    if s.first_flags is not None:
        d["repaired"] = {"first_flags": [f.to_dict() for f in s.first_flags]}
    return d


def to_dict(doc: Document) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "source": {"path": doc.source.path, "encoding": doc.source.encoding, "sha256": doc.source.sha256,
                   **(doc.source.page.to_dict() if doc.source.page else {})},
        "models": doc.models.to_dict() if doc.models else {},
        "paragraphs": [paragraph_dict(p) for p in doc.paragraphs],
        "summary": doc.summary.to_dict() if doc.summary else None,
        "warnings": doc.warnings,
        "trust": doc.trust(),
        "stats": doc.stats.to_dict(),
    }


def render_json(doc: Document) -> str:
    return to_json(to_dict(doc), indent=2) + "\n"


class JsonlStream(Streamer):
    """One line per paragraph, as each is ready; then, when there is a summary, one line of kind 'summary'."""

    def start(self, doc: Document) -> str:
        self.name = doc.source.path or "-"
        # A web page: every line says where it came from (the JSON `source`'s page keys), so a
        # consumer reading any one line knows the URL and the headline.
        self.page = {"page": doc.source.page.to_dict()} if doc.source.page else {}
        return ""

    def paragraph(self, p: Paragraph) -> str:
        return to_json({**paragraph_dict(p), "document": self.name, **self.page}) + "\n"

    def finish(self, doc: Document) -> str:
        if not doc.summary:
            return ""
        row = {"kind": "summary", "summary": doc.summary.to_dict(), "document": self.name, **self.page}
        return to_json(row) + "\n"

