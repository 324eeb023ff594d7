"""A web page's headings and metadata where a reader looks: every view, and every JSON Lines line."""
import io
import json

import pytest
from conftest import ROOT
from rich.console import Console

from translate_news.pages import read_input
from translate_news.render import render_document
from translate_news.render.table import rich_table
from translate_news.segment import segment

HEADLINE = "هجوم صاروخي على قاعدة الأسد يصيب خمسة جنود أمريكيين"
SUBHEADING = "اعتراض مركبة تحمل صواريخ"


@pytest.fixture(scope="module")
def page_doc():
    doc = segment(read_input(str(ROOT / "tests" / "data" / "pages" / "news-article.html"), max_bytes=10**7))
    for p in doc.paragraphs:  # hand-filled: the views, not a model, are under test
        for i, s in enumerate(p.sentences):
            s.translation, s.status = f"English {p.index}.{i}", "ok"
    assert [p.source for p in doc.paragraphs if p.heading] == [HEADLINE, SUBHEADING]
    return doc


def english_of(doc, text):
    return next(p.translation for p in doc.paragraphs if p.source == text)


def test_markdown_shows_headings_as_headings_on_both_sides(page_doc):
    md = render_document(page_doc, "markdown")
    sub_en = english_of(page_doc, SUBHEADING)
    assert f'<h3 dir="rtl" lang="ar">{SUBHEADING}</h3>\n\n### {sub_en}\n' in md
    assert f'<h3 dir="rtl" lang="ar">{HEADLINE}</h3>' in md
    body = next(p for p in page_doc.paragraphs if not p.heading)
    assert f"\n{body.translation}\n" in md  # a body paragraph stays a plain paragraph
    assert f"### {body.translation}" not in md
    assert md.count("### ") == 2


def test_the_html_view_marks_headings_in_both_languages(page_doc):
    html = render_document(page_doc, "html")
    i = next(p.index for p in page_doc.paragraphs if p.source == SUBHEADING)
    row = html[html.index(f'id="p-{i}"'):]
    row = row[:row.index('<div class="row')]
    assert html[:html.index(f'id="p-{i}"')].endswith('<div class="row heading" ')
    assert '<div class="ar" lang="ar" dir="rtl"><h3><span' in row  # the Arabic keeps its RTL container
    assert f'>{SUBHEADING}</span></h3></div>' in row
    assert '<div class="en" lang="en" dir="ltr">\n<h3><span' in row
    body = next(p for p in page_doc.paragraphs if not p.heading)
    assert f'<div class="row" id="p-{body.index}">' in html
    assert html.count('<div class="row heading"') == 2


def test_the_table_shows_headings_in_bold(page_doc):
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system="standard", highlight=False)
    console.print(rich_table(page_doc, "logical"))
    out = console.file.getvalue()
    bold = "\x1b[1m"
    sub_line = next(line for line in out.splitlines() if SUBHEADING in line)
    body = next(p for p in page_doc.paragraphs if not p.heading)
    body_line = next(line for line in out.splitlines() if body.translation in line)
    assert f"{bold}{english_of(page_doc, SUBHEADING)}" in sub_line
    assert bold in sub_line.split(english_of(page_doc, SUBHEADING))[1]  # the Arabic side too
    assert bold not in body_line


def test_text_underlines_headings(page_doc):
    text = render_document(page_doc, "text")
    sub_en = english_of(page_doc, SUBHEADING)
    assert f"\n\n{sub_en}\n{'-' * len(sub_en)}\n\n" in text
    body = next(p for p in page_doc.paragraphs if not p.heading)
    assert f"{body.translation}\n-" not in text


def test_every_jsonl_line_says_which_page_it_comes_from(page_doc):
    lines = [json.loads(line) for line in render_document(page_doc, "jsonl").splitlines()]
    want = json.loads(render_document(page_doc, "json"))["source"]
    assert len(lines) == len(page_doc.paragraphs)
    for line in lines:
        assert line["page"]["url"] == want["url"]
        assert line["page"]["title"] == HEADLINE
        assert {k: v for k, v in want.items() if k in line["page"]} == line["page"]
    assert [line["source"] for line in lines] == [p.source for p in page_doc.paragraphs]  # unchanged keys
    plain = segment(read_input(str(ROOT / "examples" / "article.txt"), max_bytes=10**7))
    assert all("page" not in json.loads(line) for line in render_document(plain, "jsonl").splitlines())


def test_doctor_reports_what_reads_web_pages():
    from importlib import metadata

    from kit import invoke

    from translate_news.doctor import format_report

    r = invoke("doctor", "--json")
    assert r.exit_code == 0
    report = json.loads(r.stdout)
    text = format_report(report)
    for package in ("trafilatura", "htmldate", "httpx"):
        assert report["packages"][package] == metadata.version(package)
        assert f"  {package:16} {metadata.version(package)}\n" in text


def test_the_html_view_is_titled_by_the_headline_not_a_kicker_before_it():
    from translate_news.render.html import first_line

    headline = "هجوم صاروخي على قاعدة الأسد"
    page = (f"<html><head><title>{headline}</title></head><body><article><p>عاجل</p><h1>{headline}</h1>"
            "<p>قال مسؤولون دفاعيون أمريكيون إن هجوما صاروخيا على القوات الأمريكية أدى إلى إصابة خمسة جنود.</p>"
            "</article></body></html>")
    doc = segment(read_input("-", stdin=io.BytesIO(page.encode()), max_bytes=10**6))
    assert doc.paragraphs[0].source == "عاجل"
    for p in doc.paragraphs:
        for i, s in enumerate(p.sentences):
            s.translation, s.status = f"English {p.index}.{i}", "ok"
    assert first_line(doc) == (headline, "English 1.0")
    assert f'<h1 lang="ar" dir="rtl">{headline}</h1>' in render_document(doc, "html")
