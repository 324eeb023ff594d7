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

_META_CHARSET = re.compile(rb"<meta[^<>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_ARABIC = re.compile(r"[\u0621-\u064a]")
META_BYTES = 4096  # the meta tag belongs in the first 1024 bytes (HTML spec); allow for long heads
# ...but many sites put scripts and styles first; a browser still honours a later meta tag in the
# <head> (it reparses), so the whole head is searched, up to this much.
HEAD_BYTES = 1 << 20
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.I)
# Markup, scripts, styles and comments: ASCII in every Arabic code page, so they can be cut from
# the bytes before detection judges how Arabic the rest reads. Found with searches that only move
# forward (no backtracking regex), so hostile markup costs linear time.
_HIDDEN_START = re.compile(rb"<(script|style)\b|<!--")
_TAG = re.compile(rb"<[^<>]*>")


def meta_charset(data: bytes) -> str | None:
    end = _HEAD_END.search(data, 0, HEAD_BYTES)
    m = _META_CHARSET.search(data[:max(META_BYTES, end.start() if end else 0)])
    return m[1].decode("ascii") if m else None


def _utf8_arabic(data: bytes) -> bool:
    try:
        return bool(_ARABIC.search(data.decode("utf-8")))
    except UnicodeDecodeError:
        return False


def page_text_bytes(data: bytes) -> bytes:
    """The bytes of a page without its scripts, styles, comments and tags (each one space)."""
    low, kept, at = data.lower(), [], 0
    while (m := _HIDDEN_START.search(low, at)) is not None:
        kept.append(data[at:m.start()])
        close = b"-->" if m[0] == b"<!--" else b"</" + m[1]
        end = low.find(close, m.end())
        if end < 0:
            return _TAG.sub(b" ", b" ".join(kept))  # unclosed: the rest is not text
        at = low.find(b">", end)
        at = len(data) if at < 0 else at + 1
    kept.append(data[at:])
    return _TAG.sub(b" ", b" ".join(kept))


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """Detection as for a text file; when that fails, detection on the page's text alone: a long
    script or stylesheet in a code-page page is so much ASCII that the bytes as a whole read as
    hardly Arabic. Raises InputError when neither finds the encoding."""
    try:
        return _decode(data, None, name)
    except InputError:
        try:
            _, codec = _decode(page_text_bytes(data), None, name)
            return data.decode(codec), codec
        except (InputError, UnicodeDecodeError):
            pass
        raise


def decode_page(data: bytes, *, name: str, header_charset: str | None = None,
                encoding: str | None = None) -> tuple[str, str, list[str]]:
    """(text, encoding used, notes for the reader about wrong declarations).

    `encoding` (--encoding) wins over everything. Raises InputError when nothing decodes."""
    if encoding or any(data.startswith(bom) for bom, _ in _BOMS):
        text, used = _decode(data, encoding, name)
        return text, used, []
    notes: list[str] = []
    fallback: tuple[str, str] | None = None
    # Bytes that are valid UTF-8 with Arabic in it are UTF-8, whatever a header or meta tag says
    # (a site moved to UTF-8 that kept its old windows-1256 tag): Arabic in a code page is never
    # valid UTF-8, while UTF-8 read as windows-1256 gives Arabic-looking nonsense ("ظ‚ط§ظ„").
    is_utf8 = _utf8_arabic(data)
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
        if _ARABIC.search(text) and is_utf8 and codec != "utf-8":
            notes.append(f"{name}: {where} says {label}, but the page is UTF-8 Arabic; read as UTF-8")
            continue
        if _ARABIC.search(text):
            return text, codec, notes
        fallback = fallback or (text, codec)
        notes.append(f"{name}: {where} says {label}, which gives no Arabic text, so it was not used")
    try:
        text, used = _detect(data, name)
    except InputError:
        if fallback is None:
            raise
        return (*fallback, notes)
    if fallback is not None and arabic_share(text) == 0.0:
        return (*fallback, notes)
    return text, used, notes
