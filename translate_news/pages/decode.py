"""A web page's bytes to text: a BOM, then the server's charset, then the page's meta tag, then detection.

A charset that is declared but wrong (a server that says iso-8859-1 for UTF-8 Arabic, a
common misconfiguration) either fails to decode or gives text with no Arabic letter at all;
then the next source is tried, and the reader is told which declaration was wrong.
"""
from __future__ import annotations

import codecs
import re

from translate_news.errors import InputError
from translate_news.reading import _BOMS, _decode, arabic_share

_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_ARABIC = re.compile(r"[\u0621-\u064a]")
META_BYTES = 4096  # the meta tag belongs in the first 1024 bytes (HTML spec); allow for long heads


def meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:META_BYTES])
    return m[1].decode("ascii") if m else None


def decode_page(data: bytes, *, name: str, header_charset: str | None = None,
                encoding: str | None = None) -> tuple[str, str, list[str]]:
    """(text, encoding used, notes for the reader about wrong declarations).

    `encoding` (--encoding) wins over everything. Raises InputError when nothing decodes."""
    if encoding or any(data.startswith(bom) for bom, _ in _BOMS):
        text, used = _decode(data, encoding, name)
        return text, used, []
    notes: list[str] = []
    fallback: tuple[str, str] | None = None
    for label, where in ((header_charset, "the server's Content-Type header"), (meta_charset(data), "its meta tag")):
        if not label:
            continue
        try:
            codec = codecs.lookup(label).name
        except LookupError:
            notes.append(f"{name}: {where} names the unknown charset '{label}'; detected instead")
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as e:
            notes.append(f"{name}: {where} says {label}, but the page is not {codec} (byte {e.start}); "
                         "detected instead")
            continue
        if _ARABIC.search(text):
            return text, codec, notes
        fallback = fallback or (text, codec)
        notes.append(f"{name}: {where} says {label}, which gives no Arabic text, so it was not used")
    try:
        text, used = _decode(data, None, name)
    except InputError:
        if fallback is None:
            raise
        return (*fallback, notes)
    if fallback is not None and arabic_share(text) == 0.0:
        return (*fallback, notes)
    return text, used, notes
