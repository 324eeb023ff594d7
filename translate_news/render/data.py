"""The data formats: JSON (one object per document) and JSON Lines (a line per paragraph)."""
from __future__ import annotations

import json
from typing import Any

from translate_news.document import Document, Paragraph

SCHEMA_VERSION = 1


def paragraph_dict(p: Paragraph) -> dict[str, Any]:
    d: dict[str, Any] = {
        "index": p.index, "kind": p.kind, "start": p.start, "source": p.source, "translation": p.english,
        "sentences": [{"start": s.start, "source": s.source, "translation": s.translation, "status": s.status,
                       **({"pieces": s.pieces} if s.pieces > 1 else {})} for s in p.sentences]}
    if p.rule:
        d["rule"] = p.rule
    return d


def to_dict(doc: Document) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "source": {"path": doc.source.path, "encoding": doc.source.encoding, "sha256": doc.source.sha256},
        "models": doc.models.to_dict() if doc.models else {},
        "paragraphs": [paragraph_dict(p) for p in doc.paragraphs],
        "summary": doc.summary.to_dict() if doc.summary else None,
        "warnings": doc.warnings,
        "stats": doc.stats.to_dict(),
    }


def render_json(doc: Document) -> str:
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=2) + "\n"


def render_jsonl(doc: Document) -> str:
    """One line per paragraph; then, when there is a summary, one line of kind 'summary'."""
    name = doc.source.path or "-"
    rows = [{**paragraph_dict(p), "document": name} for p in doc.paragraphs]
    if doc.summary:
        rows.append({"kind": "summary", "summary": doc.summary.to_dict(), "document": name})
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
