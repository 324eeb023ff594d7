"""Fetching one URL with the limits a careful reader expects.

- connect and read timeouts (`timeout` each), and a whole-request deadline of four times that,
  so a server that trickles a byte at a time cannot hold a run forever;
- at most MAX_REDIRECTS redirects, each to http or https only (never file:, data: or another
  scheme), and never from https down to plain http;
- the body read up to `max_bytes` after decompression: gzip and deflate are decompressed here,
  MAX_CHUNK bytes at a time, so a gzip bomb stops at the limit without filling the memory;
- HTML and text only: a PDF or an image is refused by its Content-Type (exit 65);
- a User-Agent naming the tool and its version; proxies from HTTP(S)_PROXY / NO_PROXY.

Errors are one line naming the URL: SiteUnreachable (exit 68) for DNS, refused connections and
timeouts, HttpError (76) for error statuses and refused redirects, InputError (65) for a body
too big, broken or not a page. httpx is imported only when a URL is fetched.
"""
from __future__ import annotations

import socket
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from translate_news import __version__
from translate_news.errors import HttpError, InputError, SiteUnreachable
from translate_news.pages.sniff import URL_SCHEMES

MAX_REDIRECTS = 5
MAX_CHUNK = 1 << 16  # decompressed bytes produced per step
USER_AGENT = f"translate-news/{__version__} (Arabic news translation; +https://pypi.org/project/translate-news/)"
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_REDIRECTS = (301, 302, 303, 307, 308)
_KIND = {"application/pdf": "a PDF", "image/": "an image", "video/": "a video", "audio/": "a sound file",
         "application/json": "JSON", "application/zip": "a zip archive", "application/octet-stream": "binary data"}


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # the media type, lower-case, without parameters ('' when the server sent none)
    charset: str | None  # from the Content-Type header


def fetch(url: str, *, max_bytes: int, timeout: float = 20.0) -> Fetched:
    import httpx

    deadline = time.monotonic() + 4 * timeout
    limits = httpx.Timeout(timeout, connect=timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
               "Accept-Encoding": "gzip, deflate", "Accept-Language": "ar,en;q=0.5"}
    with httpx.Client(timeout=limits, follow_redirects=False, headers=headers, trust_env=True) as client:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                with client.stream("GET", current) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        current = _redirect(url, current, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        reason = f" {response.reason_phrase}" if response.reason_phrase else ""
                        raise HttpError(f"{url}: HTTP {response.status_code}{reason}"
                                        + (f" (at {current})" if current != url else ""))
                    media, charset = _content_type(response.headers.get("content-type", ""))
                    _check_type(url, media)
                    body = _read(url, response.iter_raw(), response.headers.get("content-encoding", ""),
                                 max_bytes=max_bytes, deadline=deadline, timeout=timeout)
                    return Fetched(str(response.url), body, media, charset)
            except httpx.TimeoutException:
                raise SiteUnreachable(f"{url}: no answer within {timeout:g} s (--timeout)") from None
            except (httpx.ConnectError, httpx.ProxyError) as e:  # DNS, a refused connection, TLS, the proxy
                if (dns := _dns_error(e)) is not None:
                    host = urlsplit(current).hostname
                    raise SiteUnreachable(f"{url}: the host name {host} cannot be resolved (DNS: {_reason(dns)})"
                                          ) from None
                raise SiteUnreachable(f"{url}: cannot connect ({_reason(e)})") from None
            except httpx.TransportError as e:  # the connection broke off, or the server spoke no HTTP
                raise SiteUnreachable(f"{url}: the connection failed ({_reason(e)})") from None
            except httpx.InvalidURL as e:  # also a redirect's Location httpx cannot parse (data:...)
                raise HttpError(f"{url}: a URL that cannot be followed ({e})") from None
        raise HttpError(f"{url}: more than {MAX_REDIRECTS} redirects; not followed further")


def _redirect(original: str, current: str, location: str) -> str:
    try:
        target = urljoin(current, location.strip())
        scheme = urlsplit(target).scheme.lower()
    except ValueError as e:  # "http://[bad/x": a server's header is no reason for an internal error
        raise HttpError(f"{original}: redirected to a URL that cannot be followed ({e})") from None
    if scheme not in URL_SCHEMES:
        raise HttpError(f"{original}: redirected to a {scheme or 'schemeless'}: URL; only http and https are "
                        "followed")
    if urlsplit(current).scheme.lower() == "https" and scheme == "http":
        raise HttpError(f"{original}: redirected from https to plain http ({target}); not followed")
    return target


def _content_type(header: str) -> tuple[str, str | None]:
    msg = Message()
    msg["content-type"] = header
    media = msg.get_content_type() if header else ""
    charset = msg.get_param("charset")
    return media.lower(), charset if isinstance(charset, str) and charset.strip() else None


def _check_type(url: str, media: str) -> None:
    if not media or media in PAGE_TYPES or (media.endswith("+xml") and "html" in media):
        return
    what = next((v for k, v in _KIND.items() if media.startswith(k)), f"of type {media}")
    raise InputError(f"{url}: the server sent {what} ({media}), not a web page; translate-news reads HTML and "
                     "text (save the article's text and give the file)")


def _read(url: str, raw: Iterator[bytes], encoding: str, *, max_bytes: int, deadline: float, timeout: float) -> bytes:
    coding = encoding.strip().lower()
    if coding in ("", "identity"):
        inflate = None
    elif coding in ("gzip", "x-gzip", "deflate"):
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 32 if coding != "deflate" else zlib.MAX_WBITS)
    else:
        raise InputError(f"{url}: the server compressed the page with '{encoding}', which was not asked for")
    out = bytearray()
    try:
        for chunk in raw:
            if time.monotonic() > deadline:
                raise SiteUnreachable(f"{url}: the page took more than {4 * timeout:g} s to arrive (--timeout)")
            if inflate is None:
                out += chunk
            else:
                data = chunk
                while data and len(out) <= max_bytes:
                    out += inflate.decompress(data, MAX_CHUNK)
                    data = inflate.unconsumed_tail
            if len(out) > max_bytes:
                raise InputError(f"{url}: the page is more than {max_bytes:,} bytes"
                                 f"{' once decompressed' if inflate else ''}; an article is far smaller "
                                 "(--max-bytes raises the limit)")
    except zlib.error as e:
        raise InputError(f"{url}: the server's {coding} data is broken ({e})") from None
    return bytes(out)


def _dns_error(e: BaseException) -> BaseException | None:
    """The resolver's error behind a connection error (httpx wraps httpcore's, which wraps it), if any."""
    seen: set[int] = set()
    cause: BaseException | None = e
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, socket.gaierror):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


def _reason(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text[:200]
