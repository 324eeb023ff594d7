"""A web page's HTML to the article's text: paragraphs, headings, and what the page says of itself.

The main text comes from trafilatura (the article's paragraphs, headings, lists, quotes and
tables; menus, share bars, related links, comments and scripts left out), the metadata from
its metadata extractor (title, author, publication date via htmldate, site name, canonical
URL: JSON-LD, Open Graph and <meta> tags). With whole_page (--no-extract) every visible text
block is kept instead (visible.py), for pages the extractor gets wrong.

The text built here becomes the document's source, so sentences are exact slices of it:
one block per paragraph, blank lines between blocks, a <br> a line break inside its block.
HTML whitespace (runs of spaces and source line breaks) reads as one space, as a browser
shows it; nothing else is changed: Arabic passes through as the page has it, entities decoded.
trafilatura is imported here only, when a page is read, so --help never pays for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from translate_news.document import PageInfo
from translate_news.pages.blocks import Block, clean, flat, join_blocks
from translate_news.segment import INVISIBLE

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


# How far into the body the headline may come again (after a kicker or a section name).
HEADLINE_WINDOW = 3
# How a page's <title> joins the headline and the site's name: "headline | site", "site - headline".
_TITLE_PARTS = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u2022\u00bb]\s+")  # not ':', common in a headline
_EDGE = re.compile(r"^[\s.:!\u061b\u060c\u06d4]+|[\s.:!\u061b\u060c\u06d4]+$")  # and Arabic ; , .


# Fewer words than this is not an article (a news brief has a sentence or two of 15-30 words).
MIN_ARTICLE_WORDS = 10


@dataclass
class Extracted:
    """The article's text (blocks joined by blank lines) and what the page says of itself."""

    text: str
    info: PageInfo


def extract(html: str, *, url: str | None = None, whole_page: bool = False) -> Extracted:
    """The article in `html` (or, with whole_page, all its visible text); the text is '' when none is found."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses a str that declares its encoding
    if whole_page:
        from translate_news.pages.visible import visible_blocks

        meta: Any = extract_metadata(html, default_url=url)
        blocks = visible_blocks(html)
    else:
        meta = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            include_links=False, include_formatting=True, deduplicate=False,
            date_extraction_params={"original_date": True, "extensive_search": False})
        blocks = body_blocks(meta.body) if meta is not None and meta.body is not None else []
        if sum(len(b.text.split()) for b in blocks) < MIN_ARTICLE_WORDS:
            blocks = []  # on a page without an article trafilatura falls back to a menu or a caption
    title = clean(flat(getattr(meta, "title", None)))
    if title:
        # The headline: trafilatura keeps it out of the body as a rule, but often gives it again
        # as the first paragraph, or after a kicker ("عاجل"), or the page's <title> adds the site
        # ("headline | site"). Shown once: the article's own line when it is there, else the title.
        window = blocks if whole_page else blocks[:HEADLINE_WINDOW]
        same = next(((b, h) for b in window if (h := headline_in(title, b.text))), None)
        if same is not None:
            same[0].heading, title = True, same[1]
        elif blocks:
            blocks.insert(0, Block(title, heading=True))
    info = PageInfo(url=url or getattr(meta, "url", None), title=title or None,
                    published=getattr(meta, "date", None), site=getattr(meta, "sitename", None),
                    author=getattr(meta, "author", None), extraction="page" if whole_page else "article")
    text, starts = join_blocks(blocks)
    info.headings = tuple(_first_visible(text, s) for s, b in zip(starts, blocks, strict=True) if b.heading)
    return Extracted(text, info)


def _key(text: str) -> str:
    """A headline as compared: no direction marks, one space for any run, no end punctuation."""
    return _EDGE.sub("", " ".join("".join(c for c in text if c not in INVISIBLE).split()))


def headline_in(title: str, text: str) -> str | None:
    """The page's `title`, or its headline part ("headline | site"), when the block `text` is it."""
    key = _key(text)
    longest = max(_TITLE_PARTS.split(title), key=len).strip()  # the headline, not the site or a kicker
    return next((h for h in (title, longest) if key and key == _key(h)), None)


def body_blocks(body: Any) -> list[Block]:
    """trafilatura's XML body (p, head, list/item, quote, table/row/cell, lb) as text blocks."""
    blocks: list[Block] = []

    def visit(el: Any) -> None:
        tag = el.tag
        if tag in ("list", "item", "quote", "table", "div", "body") and any(c.tag in _BLOCKS for c in el):
            if (el.text or "").strip():
                blocks.append(Block(clean(flat(el.text))))
            for child in el:
                visit(child)
                if (child.tail or "").strip():
                    blocks.append(Block(clean(flat(child.tail))))
            return
        if tag == "row":
            text = "\n".join(clean(inline_text(c)) for c in el if clean(inline_text(c)))
        else:
            text = clean(inline_text(el))
        if text:
            blocks.append(Block(text, heading=tag == "head"))

    visit(body)
    return blocks


_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "code", "div"})


def inline_text(el: Any) -> str:
    """The text of an element and its inline children, <lb/> as a line break (kept by clean); never two
    blocks' words glued together."""
    parts = [flat(el.text)]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in _BLOCKS:  # a block where only inline text was expected (a <p> in a cell): its own line
            parts.append(f"\n{inline_text(child)}\n")
        else:
            parts.append(inline_text(child))
        parts.append(flat(child.tail))
    return "".join(parts)


def _first_visible(text: str, at: int) -> int:
    """Where segmentation will see a block start: past any leading direction marks (an RLM before a
    heading is common on Arabic sites), which it leaves out of every paragraph."""
    while at < len(text) and text[at] in INVISIBLE:
        at += 1
    return at
