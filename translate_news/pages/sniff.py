"""Is the input a URL, and are these bytes a web page? Standard library only: --help stays fast."""
from __future__ import annotations

import codecs
import re
from urllib.parse import urlsplit

from translate_news.errors import UsageError

HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
URL_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# How an HTML document starts, after a BOM, whitespace and comments (WHATWG's sniffing, narrowed),
# or a fragment of one (an article's markup copied or cut out by another tool: it starts with a
# block element). Plain text that merely mentions a tag later on stays text.
_HTML_START = re.compile(rb"^(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body|meta|title|\?xml"
                         rb"|article|main|section|header|div|p|h[1-6]|ul|ol|table|blockquote|figure)[\s>/]",
                         re.I | re.S)
SNIFF_BYTES = 4096


def is_url(value: str | None) -> bool:
    """Whether `value` is given as a URL (any scheme://; only http and https are fetched)."""
    return bool(value and _SCHEME.match(value))


def check_url(url: str) -> str:
    """`url` when it can be fetched, else UsageError naming what is wrong."""
    m = _SCHEME.match(url)
    scheme = m[1].lower() if m else ""
    if scheme not in URL_SCHEMES:
        raise UsageError(f"{url}: only http:// and https:// URLs are fetched, not {scheme}://")
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # .port raises for "example.com:abc" or a port over 65535
    except ValueError as e:
        raise UsageError(f"{url}: not a valid URL ({e})") from None
    if not host:
        raise UsageError(f"{url}: the URL names no host")
    return url


def looks_like_html(data: bytes, name: str | None = None) -> bool:
    """A web page: by its file extension, else by how its first bytes read."""
    if name and name.lower().endswith(HTML_EXTENSIONS):
        return True
    head = data[:SNIFF_BYTES]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):len(bom) + SNIFF_BYTES // 2 * 2].decode(codec, "replace").encode("utf-8")
            break
    return bool(_HTML_START.match(head.removeprefix(codecs.BOM_UTF8)))
