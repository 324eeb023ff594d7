"""Bytes to text: BOMs, UTF-16, strict UTF-8, then Arabic code pages; never a silent '?'."""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import sys
from pathlib import Path
from typing import IO

from translate_news.document import Source
from translate_news.errors import InputError, InputNotFound

# Only Arabic code pages are candidates: unrestricted detection reads short Windows-1256
# text as big5 or cp1251.
ARABIC_CODEPAGES = ["cp1256", "iso8859_6", "mac_arabic"]

_BOMS = (  # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc]")
_LETTER = re.compile(r"[^\W\d_]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic (0.0 when there are no letters)."""
    letters = len(_LETTER.findall(text))
    return len(_ARABIC_LETTER.findall(text)) / letters if letters else 0.0


MAX_BYTES = 10_000_000  # a long article is 100 kB; more is a wrong file or an endless stream


def read_source(path: str | None, *, text: str | None = None, stdin: IO[bytes] | None = None,
                encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Source:
    """Read one article from a path, '-' / stdin, or a literal string.

    Raises:
        InputNotFound: the path does not exist or cannot be read (exit 66).
        InputError: empty, binary or undecodable input (exit 65).
    """
    if text is not None:
        if _SURROGATE.search(text):  # bytes in argv that are not UTF-8 come as U+DC80..U+DCFF
            raise InputError("--text: holds bytes that are not UTF-8; pass the article in a file with --encoding")
        data, name = text.encode("utf-8"), None
        if len(data) > max_bytes:
            raise too_big("--text", max_bytes)
    else:
        data, name = read_bytes(path, stdin=stdin, max_bytes=max_bytes)
    decoded, used = decode_bytes(data, encoding=encoding, name=name or "--text")
    return Source(text=decoded, encoding=used, path=name, sha256=hashlib.sha256(data).hexdigest())


def read_bytes(path: str | None, *, stdin: IO[bytes] | None = None, max_bytes: int = MAX_BYTES,
               inside: Path | None = None) -> tuple[bytes, str]:
    """The raw bytes of a path or '-' / stdin (None: stdin), and the name to show; raises as read_source.

    inside: refuse (InputOutside) a path whose opened file is not in this folder, whatever links
    led there: a batch's input swapped for a link after the run planned it."""
    if path is None or path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data, name = stream.read(max_bytes + 1), "-"
    else:
        p = Path(path)
        try:
            with open(p, "rb") as f:  # never more than the limit: /dev/zero must not eat the memory
                if inside is not None:
                    _refuse_outside(f, p, inside)
                data = f.read(max_bytes + 1)
        except FileNotFoundError:
            raise InputNotFound(f"{path}: no such file") from None
        except IsADirectoryError:
            raise InputNotFound(f"{path}: is a folder (use 'translate-news batch' for folders)") from None
        except OSError as e:
            raise InputNotFound(f"{path}: cannot read ({e.strerror})") from None
        name = str(path)
    if len(data) > max_bytes:
        raise too_big(name, max_bytes)
    return data, name


def too_big(name: str, max_bytes: int) -> InputError:
    return InputError(f"{name}: more than {max_bytes:,} bytes; an article is far smaller "
                      "(--max-bytes raises the limit)")


class InputOutside(InputNotFound):
    """The file opened lies outside the folder it was found in."""


def _refuse_outside(f: IO[bytes], path: Path, inside: Path) -> None:
    base = os.path.realpath(inside)
    try:
        real = os.readlink(f"/proc/self/fd/{f.fileno()}")  # Linux: the file actually opened
    except OSError:
        real = os.path.realpath(path)
        try:
            if not os.path.samestat(os.stat(real), os.fstat(f.fileno())):
                real = ""  # changed again since it was opened
        except OSError:
            real = ""
    if not real or os.path.commonpath([base, real]) != base:
        raise InputOutside(f"{path}: leads outside the input folder now (a symbolic link put in its place)")


def decode_bytes(data: bytes, *, encoding: str | None = None, name: str = "input") -> tuple[str, str]:
    """Decode `data` and return (text, encoding used), newlines normalised to '\\n'."""
    text, used = _decode(data, encoding, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lone = _SURROGATE.search(text)
    if lone:  # utf-7 '+2AA-', unicode_escape '\\ud800': not text, and no output could be written with it
        raise InputError(f"{name}: decodes to a lone surrogate (U+{ord(lone.group()):04X}) at character "
                         f"{lone.start()}, which is not text; check --encoding")
    if not text.strip():
        raise InputError(f"{name}: input is empty")
    if not _ARABIC_LETTER.search(text):
        hint = "" if encoding or name == "--text" else "; if it is Arabic in another encoding, pass --encoding"
        raise InputError(f"{name}: no Arabic text found{hint}")
    return text, used


def _decode(data: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    if not data.strip():
        raise InputError(f"{name}: input is empty")
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"{name}: unknown encoding '{encoding}'") from None
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: not valid {codec} at byte {e.start}") from None
        except (UnicodeError, ValueError) as e:  # a codec that fails otherwise (unicode_escape's syntax errors)
            raise InputError(f"{name}: cannot be read as {codec}: {e}") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff"), codec
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: broken {codec} text at byte {e.start}") from None
    utf16 = _sniff_utf16(data)
    if utf16:
        return data.decode(utf16), utf16
    if b"\x00" in data[:8000]:  # git's buffer_is_binary(), after the UTF-16 checks
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        bad_at = e.start
    guess = _guess_arabic_codepage(data)
    if guess:
        return guess
    raise InputError(
        f"{name}: not valid UTF-8 (byte {bad_at}) and not Arabic in {', '.join(ARABIC_CODEPAGES)}; "
        "pass --encoding NAME")


def _sniff_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: Arabic code units are 'xx 06', ASCII ones 'xx 00'."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for codec, high in (("utf-16-le", odd), ("utf-16-be", even)):
        if sum(b in (0, 6) for b in high) / len(high) > 0.9:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if arabic_share(text) > 0.5:
                return codec
    return None


def _guess_arabic_codepage(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # slow path only

    best = from_bytes(data, cp_isolation=ARABIC_CODEPAGES).best()
    if best is None:
        return None
    text = str(best)
    # Every byte is a character in cp1256, so demand that the result reads as Arabic.
    if arabic_share(text) < 0.5:
        return None
    return text, codecs.lookup(best.encoding).name
