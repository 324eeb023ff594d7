"""Small surprises, each pinned: a dumb terminal's width, --rtl visual in notes, the summary's sources line."""
import io
import os
import re
import sys

from kit import Scripted, doc_of
from rich.console import Console

from translate_news.document import Summary
from translate_news.pipeline import translate_document
from translate_news.render import render_document
from translate_news.render.table import TableStream
from translate_news.trust.support import support_summary
from translate_news.ui import UI


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_dumb_terminal_gets_its_real_width(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd=1: os.terminal_size((100, 30)))
    monkeypatch.setattr(sys, "stdout", Terminal())  # Rich's dumb-terminal rule holds on a terminal only
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert TableStream(rtl=None, to_terminal=True).console.width == 100  # Rich alone says 80
    assert UI().err.width == 100
    monkeypatch.setenv("COLUMNS", "120")
    assert UI().err.width == 120


def test_rtl_visual_applies_to_arabic_in_notes(monkeypatch):
    note = "set aside: [newsletter] اشترك في النشرة"
    shown = {}
    for mode in ("logical", "visual"):
        out = Terminal()
        ui = UI(console=Console(file=out, force_terminal=True, color_system=None, width=100), rtl=mode)
        ui.note(note)
        shown[mode] = out.getvalue()
    assert "اشترك في النشرة" in shown["logical"]
    assert "اشترك" not in shown["visual"]  # reshaped into presentation forms and reordered
    assert shown["visual"].startswith("translate-news: set aside: [newsletter] ")
    monkeypatch.setenv("TRANSLATE_NEWS_RTL", "visual")  # the environment variable too
    out = Terminal()
    UI(console=Console(file=out, force_terminal=True, color_system=None, width=100)).note(note)
    assert out.getvalue() == shown["visual"]


def test_the_summary_sources_line_says_what_it_means(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    calm = Scripted(lambda t, d: "The minister said it was calm.")
    doc = translate_document(doc_of("قال الوزير إن الوضع هادئ."), calm)
    doc.summary = Summary(en="The minister said it was calm. Markets fell sharply.", ar=None)
    doc.summary.sentences = support_summary(doc, doc.summary.en)
    table = re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", render_document(doc, "rich")))
    assert ("Where the summary comes from (paragraph.sentence of the article): sentence 1 from 1.1; "
            "sentence 2 from no sentence of the article (check it)") in table
    assert ": none" not in table
