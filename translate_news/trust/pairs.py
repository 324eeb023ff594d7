"""`translate-news check`: the trust checks on translations made anywhere, no model needed.

Three inputs: JSON Lines of {"source", "translation"} objects, a translate-news JSON document
(each translated sentence re-checked as the run checked it: with its `hit_cap`, so the flags are
the run's own), or two line-aligned text files. Each item keeps the fields it was
read with and gains `flags`; the order is the input's.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate_news.document import Flag
from translate_news.errors import InputError, InputNotFound
from translate_news.trust.checks import check_pair


@dataclass
class Item:
    where: str  # "line 3", or "paragraph 2, sentence 1"
    data: dict[str, Any]  # as read; `flags` is added
    flags: list[Flag] = field(default_factory=list)
    hit_cap: bool = False  # a translate-news run recorded that decoding stopped at the length cap


def read_items(path: Path, against: Path | None = None) -> list[Item]:
    """The pairs in `path` (InputError naming the line when one cannot be read)."""
    if against is not None:
        sources, translations = _lines(path), _lines(against)
        if len(sources) != len(translations):
            raise InputError(f"{path} has {len(sources)} lines and {against} has {len(translations)}; "
                             "--against needs line-aligned files")
        return [Item(f"line {n}", {"source": s, "translation": t})
                for n, (s, t) in enumerate(zip(sources, translations, strict=True), 1)]
    text = _read(path)
    if text.lstrip().startswith("{") and '"schema_version"' in text[:200]:
        return _document(path, text)
    items = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}: line {n}: not JSON ({e.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("source"), str) or \
                not isinstance(obj.get("translation"), str | None):
            raise InputError(f"{path}: line {n}: needs a \"source\" and a \"translation\" string")
        items.append(Item(f"line {n}", obj))
    if not items:
        raise InputError(f"{path}: no pairs to check")
    return items


def _document(path: Path, text: str) -> list[Item]:
    try:
        doc = json.loads(text)
        paragraphs = doc["paragraphs"]
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{path}: not a translate-news JSON document") from None
    return [Item(f"paragraph {p['index'] + 1}, sentence {i + 1}",
                 {"paragraph": p["index"], "sentence": i, "source": s["source"], "translation": s["translation"]},
                 hit_cap=s.get("hit_cap") is True)
            for p in paragraphs if p.get("kind") == "content" for i, s in enumerate(p["sentences"])]


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputNotFound(f"{path}: no such file") from None
    except OSError as e:
        raise InputNotFound(f"{path}: cannot read ({e.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise InputError(f"{path}: line {line}: not valid UTF-8") from None


def _lines(path: Path) -> list[str]:
    return _read(path).splitlines()


def check_items(items: list[Item]) -> list[Item]:
    for item in items:
        item.flags = check_pair(item.data["source"], item.data.get("translation"), hit_cap=item.hit_cap)
        item.data["flags"] = [f.to_dict() for f in item.flags]
    return items
