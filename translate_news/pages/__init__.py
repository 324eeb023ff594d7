"""Web pages in: a saved page, piped HTML or a URL becomes the article's text and where it came from.

    sniff.py    is it a URL, is it HTML (standard library only)
    fetch.py    one URL, with timeouts, redirect and size limits (httpx)
    decode.py   a page's bytes to text: BOM, server charset, meta tag, detection
    extract.py  the article: trafilatura's main text and metadata; headings as paragraphs
    visible.py  all visible text instead (--no-extract)
    names.py    URL lists: reading them, an output name per URL, pacing requests per host

`read_input` is the one entry point: it reads plain text as reading.read_source does, and
pages through extraction. The extracted text becomes the Source's text, so sentences stay
exact slices of it; `Source.page` says where it came from.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import IO

from translate_news.document import Source
from translate_news.errors import InputError, UsageError
from translate_news.notes import note
from translate_news.pages.decode import decode_page
from translate_news.pages.sniff import check_url, is_url, looks_like_html
from translate_news.reading import arabic_share, decode_bytes, read_bytes, read_source

log = logging.getLogger(__name__)


def read_input(path: str | None, *, text: str | None = None, stdin: IO[bytes] | None = None,
               encoding: str | None = None, max_bytes: int, extract: bool = True, timeout: float = 20.0,
               offline: bool = False, inside: Path | None = None) -> Source:
    """One article from a path, '-' / stdin, --text, or an http(s) URL; a page is reduced to its article.

    Raises UsageError (a URL with --offline, a scheme other than http/https), InputNotFound,
    InputError (no article, no Arabic, a PDF...), SiteUnreachable and HttpError (URLs)."""
    if text is not None:
        return read_source(None, text=text, encoding=encoding, max_bytes=max_bytes)
    if is_url(path):
        assert path is not None
        return read_url(path, encoding=encoding, max_bytes=max_bytes, extract=extract, timeout=timeout,
                        offline=offline)
    data, name = read_bytes(path, stdin=stdin, max_bytes=max_bytes, inside=inside)
    if looks_like_html(data, name):
        return page_source(data, name=name, encoding=encoding, extract=extract)
    decoded, used = decode_bytes(data, encoding=encoding, name=name)
    return Source(text=decoded, encoding=used, path=name, sha256=hashlib.sha256(data).hexdigest())


def read_url(url: str, *, encoding: str | None, max_bytes: int, extract: bool, timeout: float,
             offline: bool) -> Source:
    check_url(url)
    if offline:
        raise UsageError(f"{url}: --offline never touches the network; save the page and give the file")
    from translate_news.pages.fetch import fetch

    got = fetch(url, max_bytes=max_bytes, timeout=timeout)
    if got.content_type == "text/plain" or (got.content_type == "" and not looks_like_html(got.data)):
        # the header's charset is judged as a page's is: UTF-8 Arabic declared windows-1256 stays UTF-8
        _, used, notes = decode_page(got.data, name=url, header_charset=got.charset, encoding=encoding)
        for n in notes:
            note(log, n)
        decoded, used = decode_bytes(got.data, encoding=used, name=url)  # newlines, empty, no Arabic
        return Source(text=decoded, encoding=used, path=url, sha256=hashlib.sha256(got.data).hexdigest())
    return page_source(got.data, name=url, encoding=encoding, extract=extract, url=got.url,
                       header_charset=got.charset)


def page_source(data: bytes, *, name: str, encoding: str | None, extract: bool, url: str | None = None,
                header_charset: str | None = None) -> Source:
    """A page's bytes to the Source of its article (InputError when no Arabic article comes out)."""
    from translate_news.pages.extract import extract as extract_page

    html, used, notes = decode_page(data, name=name, header_charset=header_charset, encoding=encoding)
    for n in notes:
        note(log, n)
    found = extract_page(html, url=url, whole_page=not extract)
    found.info.notes = tuple(notes)  # also in the output, beside where the page came from
    if not found.text.strip():
        hint = ("; if the page does hold an article, --no-extract translates all its visible text" if extract
                else "")
        raise InputError(f"{name}: no article text found in the page{hint}")
    if arabic_share(found.text) == 0.0:
        hint = "; --no-extract translates all its visible text" if extract else ""
        hint += "" if encoding else "; if it is Arabic in another encoding, pass --encoding"
        raise InputError(f"{name}: the {'article found in the page' if extract else 'page'} holds no Arabic text{hint}")
    return Source(text=found.text, encoding=used, path=name, sha256=hashlib.sha256(data).hexdigest(),
                  page=found.info)
