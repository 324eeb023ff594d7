"""URL lists (batch --urls): reading one, naming each URL's outputs, and pacing requests per host."""
from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from translate_news.errors import InputError, InputNotFound

URL_SUFFIX = ".url"  # a URL's name ends so; its outputs replace it with theirs (a/b.url -> a/b.json)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
SLUG_CHARS = 60


def read_url_list(path: Path) -> list[str]:
    """The URLs of a list file: one a line, blank lines and '#' comments skipped, repeats dropped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputNotFound(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputNotFound(f"{path}: cannot read the URL list ({e})") from None
    lines = [line.strip() for line in text.splitlines()]
    urls = list(dict.fromkeys(u for u in lines if u and not u.startswith("#")))  # '#' inside a URL: a fragment
    if not urls:
        raise InputError(f"{path}: no URL in the list (one a line; '#' starts a comment)")
    return urls


def output_name(url: str) -> str:
    """A stable, collision-free relative name for `url`'s outputs: HOST/SLUG-HASH.url.

    HOST and SLUG (the path's last words) keep it readable; HASH (of the whole URL, its fragment
    dropped) keeps two URLs apart however alike they look."""
    base = url.split("#", 1)[0]
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "unknown-host") + (f"_{parts.port}" if parts.port else "")
    except ValueError:  # a malformed URL: named all the same, so that planning can list it as failed
        parts, host = urlsplit(""), "invalid-url"
    host = _UNSAFE.sub("_", host)
    words = [w for w in unquote(parts.path).split("/") if w]
    slug = _UNSAFE.sub("-", "-".join(words[-2:])).strip("-._")[-SLUG_CHARS:].strip("-._") or "index"
    digest = hashlib.sha256(base.encode("utf-8")).hexdigest()[:10]
    return f"{host.strip('._') or 'host'}/{slug}-{digest}{URL_SUFFIX}"


class HostPacer:
    """One request per host at a time (batch reads in sequence), at least `delay` seconds apart."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.delay, self.clock, self.sleep = delay, clock, sleep
        self.last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        if host in self.last:
            left = self.last[host] + self.delay - self.clock()
            if left > 0:
                self.sleep(left)
        self.last[host] = self.clock()
