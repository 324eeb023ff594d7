"""Saved web pages: the article comes out, the page's junk does not, and the text stays exact."""
import io
import json

import pytest
from conftest import ROOT
from kit import invoke

from translate_news.errors import InputError
from translate_news.pages import read_input
from translate_news.pages.decode import decode_page
from translate_news.pages.sniff import check_url, is_url, looks_like_html
from translate_news.render import render_document
from translate_news.render.data import to_dict
from translate_news.render.source import page_facts
from translate_news.segment import segment

PAGES = ROOT / "tests" / "data" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def read_page(name, **kw):
    return segment(read_input(str(PAGES / name), max_bytes=10_000_000, **kw))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_gives_its_article_and_none_of_its_junk(name):
    want = EXPECTED[name]
    doc = read_page(name)
    paragraphs = [p.source for p in doc.paragraphs]
    assert [a for a in want["article"] if a not in paragraphs] == []  # each one whole, as a paragraph
    assert [j for j in want["junk"] if j in doc.text] == []
    assert [p.source for p in doc.paragraphs if p.heading] == want["headings"]
    assert {k: v for k, v in to_dict(doc)["source"].items() if k in want["meta"]} == want["meta"]
    for s in doc.sentences():  # the extracted text is the source: sentences are exact slices of it
        assert doc.text[s.start:s.end] == s.source


def test_breaks_entities_and_arabic_pass_through():
    doc = read_page("news-article.html")
    text = doc.text
    assert "منطقة حديثة،\nفيما يجري" in text  # <br>: a line break inside its paragraph
    assert '"نؤكد' in text
    assert "& حلفائه" in text
    assert "إن الولايات المتحدة تدين" in text
    source = (PAGES / "news-article.html").read_text(encoding="utf-8")
    for p in doc.paragraphs:  # no normalisation: every line of the text is in the page as it was
        for line in p.source.split("\n"):
            assert line.replace('"', "&quot;").replace("& ", "&amp; ") in source or line.startswith("إن الولايات")


def test_the_page_encoding_comes_from_its_meta_tag():
    doc = read_page("portal-cp1256.html")
    assert doc.source.encoding == "cp1256"
    assert "40 مليون دينار" in doc.text


def test_piped_html_is_sniffed_and_a_text_mentioning_tags_is_not():
    data = (PAGES / "liveblog.html").read_bytes()
    doc = segment(read_input("-", stdin=io.BytesIO(data), max_bytes=10_000_000))
    assert doc.source.page is not None
    assert doc.paragraphs[0].source == "ما نعرفه عن قمة المناخ حتى الآن"
    assert looks_like_html(b"\xef\xbb\xbf  <!-- saved -->\n<!DOCTYPE html><html>")
    assert looks_like_html("<html><body>".encode("utf-16"))
    assert looks_like_html(b"", "page.HTM")
    text = "قال المحرر إن الوسم <html> يبدأ كل صفحة.\n".encode()
    assert not looks_like_html(text, "note.txt")
    assert read_input("-", stdin=io.BytesIO(text), max_bytes=1000).page is None


def test_urls_are_recognised_and_only_http_is_fetched():
    assert is_url("https://example.com/a")
    assert is_url("HTTP://x")
    assert not is_url("notes/a.html")
    assert not is_url("C:\\news\\a.html")
    assert not is_url("-")
    assert check_url("http://example.com/a") == "http://example.com/a"
    for bad in ("ftp://example.com/a", "file:///etc/passwd", "https:///nohost"):
        with pytest.raises(Exception, match=r"http|host"):
            check_url(bad)


def test_no_extract_keeps_visible_text_but_never_code_comments_or_forms():
    doc = read_page("news-article.html", extract=False)
    assert doc.source.page.extraction == "page"
    assert "الرئيسية" in doc.text
    assert "هذا تصعيد خطير" in doc.text
    for hidden in ("اشترك في نشرتنا", "نص مخفي في الأنماط", "تعليق في الشيفرة", "إعلان من السكربت",
                   "بريدك الإلكتروني", "اشترك في النشرة البريدية", "نص من سكربت التتبع"):
        assert hidden not in doc.text
    assert sum(p.heading for p in doc.paragraphs) == 4  # h1, h2 and the two h3


def test_a_page_without_an_article_is_exit_65_with_a_hint(tmp_path):
    r = invoke(PAGES / "no-article.html", "--no-summary")
    assert r.exit_code == 65
    assert "no article text found" in r.stderr
    assert "--no-extract" in r.stderr
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><script>var a = 'نص';</script></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no article"):
        read_input(str(empty), max_bytes=1000, extract=False)


def test_a_wrong_declared_charset_is_not_used():
    body = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")[:600]
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>خبر عاجل من العاصمة اليوم. {body}</p></body></html>'
    text, used, said = decode_page(page.encode("utf-8"), name="p.html", header_charset="iso-8859-1")
    assert used == "utf-8"
    assert "خبر عاجل" in text
    assert any("iso-8859-1" in s and "not used" in s for s in said)
    text, used, said = decode_page(page.encode("cp1256"), name="p.html", header_charset="utf-8")
    assert used == "cp1256"
    assert "خبر عاجل" in text
    assert "not utf-8" in said[0]


def test_every_format_shows_where_a_page_came_from():
    doc = read_page("news-article.html")
    url = EXPECTED["news-article.html"]["meta"]["url"]
    md = render_document(doc, "markdown")
    assert md.startswith("# Translation: هجوم صاروخي")
    assert f"]({url})" in md
    assert "Published: 2024-08-06" in md
    text = render_document(doc, "text")
    assert text.startswith("Site: أخبار الشرق\nPublished: 2024-08-06\n")
    assert f"Original: {url}" in text
    html = render_document(doc, "html")
    assert f'<a href="{url}" rel="noreferrer noopener">' in html
    assert 'data-tn-site="أخبار الشرق"' in html
    table = render_document(doc, "rich")
    assert "2024-08-06" in table
    assert url in table
    plain = segment(read_input(str(ROOT / "examples" / "article.txt"), max_bytes=10**7))
    assert page_facts(plain) == []
    assert not render_document(plain, "text").startswith("Text:")
    assert "Original" not in render_document(plain, "markdown")
    assert "data-tn-site" not in render_document(plain, "html")


def test_a_canonical_url_that_is_not_http_is_never_a_link():
    doc = read_page("news-article.html")
    doc.source.page.url = "javascript:alert(1)"
    html = render_document(doc, "html")
    assert 'href="javascript' not in html
    assert "javascript:alert(1)" in html
    assert "](javascript" not in render_document(doc, "markdown")


@pytest.mark.model
def test_batch_takes_saved_pages_beside_text_files(tiny_marian, tmp_path):
    src = tmp_path / "src"
    (src / "pages").mkdir(parents=True)
    (src / "a.txt").write_bytes((ROOT / "examples" / "article.txt").read_bytes())
    (src / "pages" / "attack.html").write_bytes((PAGES / "news-article.html").read_bytes())
    (src / "pages" / "climate.htm").write_bytes((PAGES / "liveblog.html").read_bytes())
    (src / "pages" / "menu.html").write_bytes((PAGES / "no-article.html").read_bytes())
    r = invoke("batch", src, "-o", tmp_path / "out", "--mt-model", tiny_marian, "--no-summary", "-f", "json")
    assert r.exit_code == 3  # the page without an article fails alone, with the hint
    report = {f["path"]: f for f in json.loads((tmp_path / "out" / "_report.json").read_text())["files"]}
    assert {p: f["status"] for p, f in report.items()} == {
        "a.txt": "done", "pages/attack.html": "done", "pages/climate.htm": "done", "pages/menu.html": "failed"}
    assert "--no-extract" in report["pages/menu.html"]["reason"]
    doc = json.loads((tmp_path / "out" / "pages" / "climate.json").read_text(encoding="utf-8"))
    assert doc["source"]["title"] == "ما نعرفه عن قمة المناخ حتى الآن"
    assert doc["source"]["extraction"] == "article"
    assert [p["source"] for p in doc["paragraphs"] if p.get("heading")] == EXPECTED["liveblog.html"]["headings"]
    assert all(p["translation"] for p in doc["paragraphs"])


def test_a_heading_that_starts_with_a_direction_mark_is_still_a_heading():
    page = ("<html><head><title>t</title></head><body><article><h2>\u200fعنوان فرعي للخبر</h2>"
            "<p>قال مسؤولون إن الهجوم وقع اليوم في العاصمة وأدى إلى إصابة عدد من الأشخاص بجروح.</p>"
            "</article></body></html>")
    doc = segment(read_input("-", stdin=io.BytesIO(page.encode()), max_bytes=10_000))
    assert "عنوان فرعي للخبر" in [p.source for p in doc.paragraphs if p.heading]


def test_markup_written_as_text_in_an_article_stays_text_in_the_html_view():
    page = ("<html><body><article><p>كتب المهاجم في التعليق &lt;script&gt;alert(1)&lt;/script&gt; لاختبار "
            "الموقع، وقالت الشركة إنها أصلحت الثغرة خلال ساعات من اكتشافها.</p></article></body></html>")
    doc = segment(read_input("-", stdin=io.BytesIO(page.encode()), max_bytes=10_000))
    assert "<script>alert(1)</script>" in doc.text  # the article's words, decoded
    html = render_document(doc, "html")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_resume_key_of_runs_before_pages_is_kept():
    import hashlib
    from dataclasses import asdict

    from translate_news.settings import CACHE_EXCLUDED, Settings

    s = Settings(mt_model="m", summary_model="s", back_model="b")
    before = {k: v for k, v in asdict(s).items() if k not in CACHE_EXCLUDED | {"extract"}}  # the fields then
    assert s.cache_key() == hashlib.sha256(json.dumps(before, sort_keys=True).encode()).hexdigest()[:16]
    assert Settings(mt_model="m", summary_model="s", back_model="b", extract=False).cache_key() != s.cache_key()
    assert Settings(mt_model="m", summary_model="s", back_model="b", timeout=3).cache_key() == s.cache_key()


HEAD = "هجوم صاروخي على قاعدة الأسد"
BODY = ("<p>قال مسؤولون دفاعيون أمريكيون إن هجوما صاروخيا على القوات الأمريكية أدى إلى إصابة خمسة جنود على الأقل.</p>"
        "<p>وأضافوا أن التحقيق ما زال جاريا لمعرفة الجهة التي تقف وراء الهجوم على القاعدة الجوية غرب البلاد.</p>")


def piped(page, encoding="utf-8", **kw):
    return segment(read_input("-", stdin=io.BytesIO(page.encode(encoding)), max_bytes=10**6, **kw))


@pytest.mark.parametrize(("title", "article"), [
    (f"{HEAD} | أخبار الشرق", f"<p>{HEAD}</p>"),  # the <title> adds the site; the body repeats the headline
    (HEAD, f"<p>عاجل</p><h1>{HEAD}</h1>"),  # a kicker before the headline
    (f"{HEAD}\u00a0", f"<p>\u200f{HEAD}.</p>"),  # the same line but for a space, a mark and a full stop
], ids=["title-with-site", "after-a-kicker", "marks-and-stop"])
def test_the_headline_is_shown_once_however_the_page_repeats_it(title, article):
    page = f"<html><head><title>{title}</title></head><body><article>{article}{BODY}</article></body></html>"
    for extract in (True, False):
        doc = piped(page, extract=extract)
        assert sum(HEAD in p.source for p in doc.paragraphs) == 1, [p.source for p in doc.paragraphs]
        assert [HEAD in p.source for p in doc.paragraphs if p.heading] == [True]
        assert doc.source.page.title == HEAD


def test_breaks_and_list_items_become_lines_and_paragraphs():
    page = (f"<html><head><title>{HEAD}</title></head><body><article><h1>{HEAD}</h1>"
            "<div>قال مسؤولون إن الهجوم وقع فجر اليوم.<br><br>وأضافوا أن التحقيق ما زال جاريا.<br/> <br/><br/>"
            "ولم تعلن أي جهة مسؤوليتها.</div><ul><li>البند الأول من الخطة</li><li>البند الثاني<br>وسطره الثاني</li>"
            "<li><p>بند ثالث داخل فقرة</p></li></ul></article></body></html>")
    for extract in (True, False):
        doc = piped(page, extract=extract)
        paragraphs = [p.source for p in doc.paragraphs if p.kind == "content"]
        assert paragraphs[1:] == ["قال مسؤولون إن الهجوم وقع فجر اليوم.", "وأضافوا أن التحقيق ما زال جاريا.",
                                  "ولم تعلن أي جهة مسؤوليتها.", "البند الأول من الخطة",
                                  "البند الثاني\nوسطره الثاني", "بند ثالث داخل فقرة"], extract


@pytest.mark.parametrize("head", [
    '<meta charset="windows-1256">',
    '<meta content="text/html; charset=windows-1256" http-equiv="Content-Type">',
    # a long script first: the meta tag is past the first kilobytes, and the bytes as a whole are
    # mostly ASCII, so detection alone would not see Arabic in them
    '<script>var config = "' + "x" * 6000 + '";</script><meta charset="windows-1256">',
    '<script>var config = "' + "x" * 6000 + '";</script><style>p { color: #333 }</style>',
], ids=["meta-charset", "http-equiv", "meta-after-a-long-script", "no-meta-a-long-script"])
def test_a_windows_1256_page_with_only_a_meta_charset(head):
    page = f"<html><head>{head}<title>{HEAD}</title></head><body><article><h1>{HEAD}</h1>{BODY}</article></body></html>"
    doc = piped(page, "cp1256")
    assert doc.source.encoding == "cp1256"
    assert doc.paragraphs[0].source == HEAD
    assert "إصابة خمسة جنود" in doc.text
    assert doc.source.page.notes == ()


def test_hostile_markup_costs_linear_time_in_decoding():
    import time

    arabic = "قال مسؤولون إن الهجوم وقع فجر اليوم".encode("cp1256")
    for page in (b"<html><head>" + b"<meta " * 200_000 + b"</head><p>" + arabic,  # the whole head searched
                 b"<html><head><script>" + arabic + b"<script" * 300_000,  # never closed
                 b"<html><body><p>" + arabic + b"<" * 1_000_000):
        started = time.monotonic()
        try:
            decode_page(page, name="p.html")
        except InputError:
            pass  # refused or not: either way at once
        assert time.monotonic() - started < 3


def test_a_piped_fragment_of_an_article_is_read_as_html():
    fragment = f"\n<article><h1>{HEAD}</h1>{BODY}</article>\n"
    doc = piped(fragment)
    assert doc.source.page is not None
    assert [p.source for p in doc.paragraphs if p.heading] == [HEAD]
    assert "<p>" not in doc.text
    assert "</article>" not in doc.text
    assert looks_like_html(b"<p>\xd9\x82\xd8\xa7\xd9\x84</p>")
    assert looks_like_html(b"<!-- copied --> <DIV class='story'>")
    for text in ("<3 قال المحرر", "<ملاحظة> قال المحرر", "<pre-release> قال", "قال <p> المحرر"):
        assert not looks_like_html(text.encode()), text


def test_a_utf8_page_that_declares_windows_1256_is_read_as_utf8():
    # A site moved to UTF-8 that kept its old tag: read as declared, it is Arabic-looking nonsense.
    page = (f"<html><head><meta charset='windows-1256'><title>{HEAD}</title></head><body><article>{BODY}"
            "</article></body></html>")
    text, used, said = decode_page(page.encode(), name="p.html", header_charset="windows-1256")
    assert used == "utf-8"
    assert HEAD in text
    assert said == [f"p.html: {where} says windows-1256, but the page is UTF-8 Arabic; read as UTF-8"
                    for where in ("the server's Content-Type header", "its meta tag")]
    doc = piped(page)
    assert doc.source.encoding == "utf-8"
    assert doc.paragraphs[0].source == HEAD
    assert doc.source.page.notes  # the reader is told which declaration was wrong
    assert piped(page, "cp1256").source.encoding == "cp1256"  # the same page really in windows-1256


def test_no_extract_keeps_a_heading_whose_text_sits_in_a_block_inside_it():
    from translate_news.pages.visible import visible_blocks

    blocks = visible_blocks("<html><body><h2><div>عنوان أول</div></h2><p>نص الخبر</p>"
                            "<h3><a href='/x'><span>عنوان</span> ثان</a></h3>بعده</body></html>")
    assert [(b.text, b.heading) for b in blocks] == [("عنوان أول", True), ("نص الخبر", False), ("عنوان ثان", True),
                                                       ("بعده", False)]


def test_nested_lists_and_paragraphs_in_cells_never_glue_words_together():
    page = (f"<html><head><title>{HEAD}</title></head><body><article><h1>{HEAD}</h1>{BODY}"
            "<ul><li>البند الأول<ul><li>فرع أول</li><li>فرع ثان</li></ul></li><li>البند الثاني</li></ul>"
            "<table><tr><td><p>خلية أولى</p><p>خلية ثانية</p></td><td>أخرى</td></tr></table></article></body></html>")
    doc = piped(page)
    paragraphs = [p.source for p in doc.paragraphs]
    for item in ("البند الأول", "فرع أول", "فرع ثان", "البند الثاني"):
        assert item in paragraphs
    assert "خلية أولى" in paragraphs
    assert "خلية ثانية\nأخرى" in paragraphs
    assert "الأولفرع" not in doc.text
    assert "أولىخلية" not in doc.text
