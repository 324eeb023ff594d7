"""`translate-news check`: the trust checks on translations made anywhere, no model needed.

The inputs: JSON Lines of {"source", "translation"} objects (or `check -f json`'s array of
them; translate-news -f jsonl too, its content paragraphs), a translate-news JSON document
(each sentence re-checked as the run checked it: with its `hit_cap`, so
the flags are the run's own), TSV (`source` and `translation` columns named in a header; else
the first column holding Arabic and the one after it; `#` lines are comments), or two
line-aligned text files (`--against`). Each item keeps the fields it was read with and gains
`flags`; the order is the input's.

Whatever the input holds, reading it ends in a result or an InputError naming the line or
the field (exit 65): lines are split on "\\n" only (a U+2028 or a form feed inside a line
is text, as JSON Lines and `check`'s own output mean it), at most `max_bytes` are read,
and JSON that is too deep, a number too long or a lone surrogate are refused, not crashed on.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from translate_news.document import Flag
from translate_news.errors import InputError, InputNotFound
from translate_news.reading import MAX_BYTES
from translate_news.trust.checks import check_pair

_ARABIC = re.compile("[\u0600-\u06ff]")
HINT = ("check reads JSON Lines of {\"source\": ..., \"translation\": ...}, a translate-news JSON document, "
        "TSV (source and translation columns), or an Arabic text file with its English given by --against FILE")


@dataclass
class Item:
    where: str  # "line 3", or "paragraph 2, sentence 1"
    data: dict[str, Any]  # as read; `flags` is added
    flags: list[Flag] = field(default_factory=list)
    hit_cap: bool = False  # a translate-news run recorded that decoding stopped at the length cap


def read_items(path: str | Path, against: str | Path | None = None, *, stdin: IO[bytes] | None = None,
               max_bytes: int = MAX_BYTES) -> list[Item]:
    """The pairs in `path` ('-': stdin); InputError naming the line or field when one cannot be read."""
    name = str(path)
    text = _read(name, stdin, max_bytes)
    if against is not None:
        return _aligned(name, text, str(against), _read(str(against), stdin, max_bytes))
    start = text.lstrip()
    if start.startswith("{") and '"schema_version"' in text[:200]:
        return _document(name, text)
    if start.startswith("["):
        return _array(name, text)
    rows = [(n, line) for n, line in enumerate(_lines(text), 1) if line.strip()]
    data = [(n, line) for n, line in rows if not line.startswith("#")]
    if data and "\t" in data[0][1] and not data[0][1].lstrip().startswith("{"):
        return _tsv(name, data)
    items: list[Item] = []
    for n, line in rows:
        obj = _loads(line, f"{name}: line {n}", hint=not items)
        if isinstance(obj, dict) and obj.get("kind") not in (None, "content"):
            continue  # translate-news -f jsonl: its summary line, and paragraphs not translated on purpose
        if not isinstance(obj, dict) or not isinstance(obj.get("source"), str) or \
                not isinstance(obj.get("translation"), str | None):
            raise InputError(f"{name}: line {n}: needs a \"source\" and a \"translation\" string")
        items.append(Item(f"line {n}", obj))
    if not items:
        raise InputError(f"{name}: no pairs to check")
    return items


def _aligned(name: str, text: str, other: str, english: str) -> list[Item]:
    sources, translations = _lines(text), _lines(english)
    if len(sources) != len(translations):
        raise InputError(f"{name} has {len(sources)} lines and {other} has {len(translations)}; "
                         "--against needs line-aligned files")
    return [Item(f"line {n}", {"source": s, "translation": t})
            for n, (s, t) in enumerate(zip(sources, translations, strict=True), 1)]


def _tsv(name: str, rows: list[tuple[int, str]]) -> list[Item]:
    header = [c.strip().lower() for c in rows[0][1].split("\t")]
    if "source" in header and "translation" in header:
        columns, rows = header, rows[1:]
    else:  # no header: the first column holding Arabic is the source, the next its translation
        first = rows[0][1].split("\t")
        at = next((i for i, c in enumerate(first[:-1]) if _ARABIC.search(c)), 0)
        columns = [f"column {i + 1}" for i in range(len(first))]
        columns[at:at + 2] = ["source", "translation"]
    items = []
    for n, line in rows:
        cells = line.split("\t")
        if len(cells) < 2:
            raise InputError(f"{name}: line {n}: one column; TSV needs a source and a translation column")
        data = {k: v for k, v in zip(columns, cells, strict=False) if not k.startswith("column ")}
        if "source" not in data or "translation" not in data:  # a short row under a header
            raise InputError(f"{name}: line {n}: no source or no translation column")
        items.append(Item(f"line {n}", data))
    if not items:
        raise InputError(f"{name}: no pairs to check")
    return items


def _array(name: str, text: str) -> list[Item]:
    """`check -f json`'s own output: an array of pair objects."""
    rows = _loads(text, name, hint=True)
    if not isinstance(rows, list):
        raise InputError(f"{name}: not an array of pairs")
    for i, obj in enumerate(rows):
        if not isinstance(obj, dict) or not isinstance(obj.get("source"), str) or \
                not isinstance(obj.get("translation"), str | None):
            raise InputError(f"{name}: [{i}]: needs a \"source\" and a \"translation\" string")
    if not rows:
        raise InputError(f"{name}: no pairs to check")
    return [Item(f"pair {i + 1}", obj) for i, obj in enumerate(rows)]


def _document(name: str, text: str) -> list[Item]:
    doc = _loads(text, name, hint=False)
    paragraphs = doc.get("paragraphs") if isinstance(doc, dict) else None
    if not isinstance(paragraphs, list):
        raise InputError(f"{name}: \"paragraphs\" is not a list: not a translate-news JSON document")
    items = []
    for pi, p in enumerate(paragraphs):
        where = f"{name}: paragraphs[{pi}]"
        if not isinstance(p, dict):
            raise InputError(f"{where} is not an object")
        if p.get("kind") != "content":
            continue
        index, sentences = p.get("index"), p.get("sentences")
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            raise InputError(f"{where}.index is not a paragraph number")
        if not isinstance(sentences, list):
            raise InputError(f"{where}.sentences is not a list")
        for si, s in enumerate(sentences):
            if not isinstance(s, dict) or not isinstance(s.get("source"), str) or \
                    not isinstance(s.get("translation"), str | None):
                raise InputError(f"{where}.sentences[{si}] needs a \"source\" string and a \"translation\" "
                                 "string or null")
            items.append(Item(f"paragraph {index + 1}, sentence {si + 1}",
                              {"paragraph": index, "sentence": si, "source": s["source"],
                               "translation": s["translation"]}, hit_cap=s.get("hit_cap") is True))
    return items


def _loads(text: str, where: str, *, hint: bool) -> Any:
    """json.loads, with every way it can fail (or let through a lone surrogate) an InputError."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: not JSON ({e.msg})" + (f"; {HINT}" if hint else "")) from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply") from None
    except ValueError as e:  # a number of thousands of digits (Python's int limit)
        raise InputError(f"{where}: unreadable JSON ({str(e).split(':')[0]})") from None
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # "\ud800": valid JSON, but no character: it could never be written out
        raise InputError(f"{where}: holds a lone surrogate escape (such as \\ud800), which is no character") \
            from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply") from None
    return obj


def _read(name: str, stdin: IO[bytes] | None, max_bytes: int) -> str:
    try:
        if name == "-":
            import sys

            data = (stdin or sys.stdin.buffer).read(max_bytes + 1)
        else:
            with open(name, "rb") as f:  # a bounded read: /dev/zero or a huge file stops at max_bytes
                data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputNotFound(f"{name}: no such file") from None
    except OSError as e:
        raise InputNotFound(f"{name}: cannot read ({e.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(f"{name}: larger than --max-bytes ({max_bytes} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise InputError(f"{name}: line {line}: not valid UTF-8") from None


def _lines(text: str) -> list[str]:
    """Lines split on "\\n" alone (a CR before it dropped), not on every separator str.splitlines knows."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines


def check_items(items: list[Item]) -> list[Item]:
    for item in items:
        item.flags = check_pair(item.data["source"], item.data.get("translation"), hit_cap=item.hit_cap)
        item.data["flags"] = [f.to_dict() for f in item.flags]
    return items
