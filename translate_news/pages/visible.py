"""All visible text of a page, block by block (--no-extract): for pages the article extractor gets wrong.

Scripts, styles, templates, forms and their controls, embedded objects, comments and hidden
elements never count as text; everything else does, menus and footers included (the
boilerplate rules may still set short junk aside). Block elements end a paragraph, <br> a line.
"""
from __future__ import annotations

from typing import Any

from translate_news.pages.blocks import Block, clean, flat

SKIP = frozenset({"script", "style", "noscript", "template", "head", "form", "input", "button", "select",
                  "textarea", "option", "svg", "math", "iframe", "object", "embed", "canvas", "audio", "video"})
BLOCK = frozenset({"address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl",
                   "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                   "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
                   "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "ul"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def visible_blocks(html: str) -> list[Block]:
    import lxml.html

    root = lxml.html.document_fromstring(html)
    blocks: list[Block] = []
    line: list[str] = []
    headings = [0]  # how many h1-h6 are open: a block inside one (<h2><div>...) is still a heading

    def flush() -> None:
        text = clean("".join(line))
        if text:
            blocks.append(Block(text, heading=headings[0] > 0))
        line.clear()

    def visit(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""  # comments and processing instructions: no tag
        if not tag or tag in SKIP or _hidden(el):
            line.append(flat(el.tail))
            return
        if tag == "br":
            line.append("\n")
        elif tag in BLOCK:
            flush()
        headings[0] += tag in HEADINGS
        line.append(flat(el.text))
        for child in el:
            visit(child)
        if tag in BLOCK:
            flush()
        headings[0] -= tag in HEADINGS
        line.append(flat(el.tail))

    visit(root)
    flush()
    return blocks


def _hidden(el: Any) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or "display:none" in style or "visibility:hidden" in style)
