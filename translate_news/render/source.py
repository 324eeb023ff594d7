"""What a web page says of itself (site, date, author, the original's URL), for every reading format.

A plain-text article has none of it: every function here gives nothing for it, so its output
is unchanged. Only http(s) URLs become links: a saved page's canonical URL is the page's own
claim and may be anything (javascript:, data:), so anything else stays text.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from translate_news.document import Document

EXTRACTION = {"article": "the article extracted from the page (--no-extract takes all its visible text)",
              "page": "all visible text of the page (--no-extract)"}


def page_facts(doc: Document) -> list[tuple[str, str]]:
    """(label, value) pairs in reading order, those known; empty for an article that was not a web page."""
    page = doc.source.page
    if page is None:
        return []
    facts = [("Site", page.site), ("Published", page.published), ("Author", page.author), ("Original", page.url),
             ("Text", EXTRACTION.get(page.extraction)), *(("Check", n) for n in page.notes)]
    return [(label, value) for label, value in facts if value]


def link(url: str | None) -> str | None:
    """`url` when a reader's click on it is safe (http or https), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None
