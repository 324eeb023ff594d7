"""The HTML view: escaping and structure without a browser, then layout, alignment, trust marks,
isolation and the batch index in a real headless Chromium (the system's, driven by Playwright)."""
import os
import shutil
import webbrowser
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLE
from kit import doc_of, invoke

from translate_news.batch import FileResult, FileStatus, Report
from translate_news.batch.index import INDEX_NAME, SPARE_INDEX_NAME, LiveIndex, write_index
from translate_news.document import Flag, Models, Summary, SummarySentence
from translate_news.render import FORMATS, choose_format
from translate_news.render.html import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# CI installs the browser (.ci/run) and sets this, so a missing browser fails there instead of skipping.
REQUIRED = os.environ.get("TRANSLATE_NEWS_REQUIRE_BROWSER") == "1"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PAYLOAD = "<script>alert(1)</script></div><img src=x onerror=alert(2)>\"' onmouseover=\"alert(3)"
TEXT = ("قتل 35 شخصا في الهجوم على السوق. وقالت الشرطة إن التحقيق جار.\n\n"
        "شاركها.\nExit mobile version\n\n"
        "\"We will respond,\" the statement said.\n\n"
        "وارتفعت أسعار النفط اليوم. وأضاف الوزير أن الوضع هادئ. وعاد الهدوء إلى المدينة.")
EN = {(0, 0): "35 people were killed in the attack on the market.",
      (0, 1): "Police said an investigation was underway.", (3, 0): "Oil prices rose today.",
      (3, 1): "The minister added that the situation was calm.", (3, 2): "Calm returned to the city."}


def filled(text=TEXT, english=None, path="news/a.txt"):
    """A Document as the pipeline leaves it, hand-filled: flags, a repair, a split, a checked summary."""
    doc = doc_of(text, path)
    for p in doc.paragraphs:
        for i, s in enumerate(p.sentences):
            if p.kind == "content":
                s.translation, s.status = (english or EN).get((p.index, i), f"English {p.index}.{i}"), "ok"
            elif p.kind == "passthrough":
                s.translation, s.status = s.source, "passthrough"
            else:
                s.status = "skipped"
    content = [p for p in doc.paragraphs if p.kind == "content"]
    flagged = content[-1].sentences[1]
    flagged.flags = [Flag("number-missing", "35 is in the Arabic but not in the English"),
                     Flag("length-ratio", "the English is a third of the Arabic's length"),
                     Flag("number-missing", "the source's خمسة (5) is not in the translation")]
    flagged.status = "suspect"
    content[0].sentences[1].first_flags = [Flag("repetition", "'was' three times in a row")]
    content[-1].sentences[2].pieces = 2
    doc.summary = Summary(
        en="35 people were killed. Oil rose 40 percent.", ar="قتل 35 شخصا. وارتفع النفط.", unverified_numbers=["40"],
        sentences=[SummarySentence("35 people were killed.", [(0, 0)]),
                   SummarySentence("Oil rose 40 percent.", [(3, 0), (3, 1)],
                                   [Flag("unsupported-number", "40 appears nowhere in the article")])])
    doc.models = Models("tiny-marian", "cpu", summary="tiny-bart")
    doc.stats.seconds = 1.25
    return doc


def attack():
    """Every text field carries markup and script."""
    doc = filled(TEXT.replace("قتل 35", f"قتل 35 {PAYLOAD}"), {k: f"{v} {PAYLOAD} javascript:alert(4)"
                                                                  for k, v in EN.items()}, path=f"{PAYLOAD}.txt")
    doc.summary.sentences[0].text += PAYLOAD
    doc.summary.ar += PAYLOAD
    doc.paragraphs[3].sentences[1].flags += [Flag(PAYLOAD, PAYLOAD), Flag("x", f"خمسة {PAYLOAD} خمسة")]
    doc.warnings.append(PAYLOAD)
    return doc


class Tags(HTMLParser):
    """Start and end tags in order, and whether they nest properly."""

    VOID = frozenset({"meta", "br", "img", "input", "link", "hr", "wbr", "source"})

    def __init__(self, page):
        super().__init__()
        self.stack, self.errors, self.starts = [], [], []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


# ---------------------------------------------------------------- without a browser

def test_page_is_well_formed_and_marks_every_block_with_its_language():
    page = render_html(filled())
    tags = Tags(page)
    assert page.startswith("<!DOCTYPE html>")
    assert (tags.errors, tags.stack) == ([], [])
    for tag, attrs in tags.starts:
        if "class" in attrs and set(attrs["class"].split()) & {"ar", "en", "sum-ar", "sum-en"}:
            assert (attrs.get("lang"), attrs.get("dir")) in {("ar", "rtl"), ("en", "ltr")}, (tag, attrs)
    csp = next(a["content"] for t, a in tags.starts if a.get("http-equiv") == "Content-Security-Policy")
    assert csp.startswith("default-src 'none'; style-src 'sha256-")
    assert "unsafe" not in csp
    assert [t for t, a in tags.starts if "src" in a or t == "link"] == []  # nothing to fetch
    assert "rule <code>label</code>" in page
    assert "source&#39;s <bdi lang=\"ar\">خمسة</bdi> (5) is not" in page  # Arabic in a reason, isolated


def test_article_text_is_escaped():
    page = render_html(attack())
    tags = Tags(page)
    assert [t for t, _ in tags.starts].count("script") == 1  # the page's own
    assert "img" not in [t for t, _ in tags.starts]
    assert not any(k.startswith("on") for _, a in tags.starts for k in a)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/div&gt;" in page
    assert not tags.errors


def test_controls_are_shown_not_sent():
    page = render_html(filled(TEXT.replace("قتل 35", "قتل\x1b[2J\x07 35\u202e")))
    assert not {"\x1b", "\x07", "\u202e"} & set(page)
    assert "قتل^[[2J^G 35&lt;U+202E&gt;" in page  # shown as the other reading formats show them


def test_html_is_a_format_for_files_and_batches():
    assert (FORMATS["html"].extension, FORMATS["html"].for_batch) == (".html", True)
    for name in ("a.html", "a.HTM"):
        assert choose_format(None, output=Path(name), stdout_is_terminal=True) == "html"


@pytest.mark.model
@pytest.mark.parametrize("browser", ["opens", "none", "error"])
def test_open_shows_the_page_or_says_why_not(tiny_marian, tmp_path, monkeypatch, browser):
    opened = []

    def fake_open(url):
        opened.append(url)
        if browser == "error":
            raise webbrowser.Error("no runnable browser")
        return browser == "opens"

    monkeypatch.setattr(webbrowser, "open", fake_open)
    out = tmp_path / "a.html"
    r = invoke("--text", "قال مسؤولون إن الهجوم وقع اليوم.", "-o", out, "--open", "--mt-model", tiny_marian,
               "--no-summary")
    assert r.exit_code == 0, r.stderr
    assert opened == [out.resolve().as_uri()]
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert ("no web browser could be opened" in r.stderr) == (browser != "opens")


@pytest.mark.model
def test_summary_from_the_models_comes_first(tiny_marian, tiny_bart, tmp_path):
    out = tmp_path / "s.html"
    r = invoke("--text", "قال مسؤولون إن الهجوم وقع اليوم. وأضاف أن التحقيق جار.", "-o", out, "--mt-model", tiny_marian,
               "--summary-model", tiny_bart, "--summary-lang", "en")
    assert r.exit_code == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    tags = Tags(page)
    assert not tags.errors
    assert page.index('<section class="summary"') < page.index('<section class="article"')
    assert 'class="sum-en" lang="en" dir="ltr"' in page


def test_open_without_output_is_a_usage_error(monkeypatch):
    monkeypatch.setattr(webbrowser, "open", lambda url: pytest.fail("nothing to open"))
    r = invoke("--text", "قال مسؤولون إن الهجوم وقع اليوم.", "--open")
    assert r.exit_code == 2
    assert "--open needs -o" in r.stderr


def test_index_keeps_clear_of_an_article_named_index(tmp_path):
    (tmp_path / "index.html").write_text(render_html(filled()), encoding="utf-8")
    report = Report([FileResult("index.txt", FileStatus.DONE), FileResult("b.txt", FileStatus.FAILED, "empty"),
                     FileResult("not-utf8-\udce9.txt", FileStatus.FAILED, "unreadable")])
    assert write_index(tmp_path, report) == tmp_path / SPARE_INDEX_NAME
    assert "<span class=\"reason\">empty</span>" in (tmp_path / SPARE_INDEX_NAME).read_text(encoding="utf-8")
    assert write_index(tmp_path / "new", Report([FileResult("index.txt", FileStatus.DONE)])).name == SPARE_INDEX_NAME
    assert write_index(tmp_path / "new", Report()).name == INDEX_NAME


def test_live_index_follows_the_batch(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    for name in ("a.txt", "b.txt", "old.txt"):
        (src / name).parent.mkdir(exist_ok=True)
        (src / name).write_text("نص", encoding="utf-8")
    out.mkdir()
    (out / "old.html").write_text(render_html(filled()), encoding="utf-8")
    seen, errors = [], []
    report = Report([FileResult("old.txt", FileStatus.SKIPPED, "up to date")])  # as run_folder starts it
    live = LiveIndex(out, lambda todo, report: seen.append(todo), seen.append, on_error=errors.append, every=0)
    live.start(["a.txt", "b.txt"], report)
    index = (out / INDEX_NAME).read_text(encoding="utf-8")
    assert index.count("not yet translated") == 2
    assert 'href="old.html"' in index
    assert 'http-equiv="refresh"' in index
    (out / "a.html").write_text(render_html(filled()), encoding="utf-8")
    result = FileResult("a.txt", FileStatus.DONE, outputs=["a.html"])
    report.results.append(result)  # as run_folder does before it calls on_file
    live.file_done(result)
    index = (out / INDEX_NAME).read_text(encoding="utf-8")
    assert index.count("not yet translated") == 1
    assert 'href="a.html"' in index
    assert seen == [["a.txt", "b.txt"], result]
    assert errors == []


# ---------------------------------------------------------------- in a browser

@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        if REQUIRED:
            pytest.fail("no Chromium found, and TRANSLATE_NEWS_REQUIRE_BROWSER=1")
        pytest.skip("no Chromium found: install Debian's chromium (apt-get install chromium) to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Tab:
    """A page that records every request (only the page's own file may load) and console error."""

    def __init__(self, browser, width=1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.requests, self.errors, self.dialogs, self.allowed = [], [], [], set()
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route):
        if route.request.url in self.allowed:
            route.continue_()
        else:
            route.abort()

    def open(self, path):
        url = Path(path).resolve().as_uri()
        self.allowed.add(url)
        self.page.goto(url)
        return self.page

    def assert_isolated(self):
        assert set(self.requests) <= self.allowed, self.requests
        assert self.errors == []
        assert self.dialogs == []

    def lit(self):
        return self.page.eval_on_selector_all(".hl", "els => els.map(e => e.id || e.className)")


@pytest.fixture
def tab(chromium):
    t = Tab(chromium)
    yield t
    t.context.close()


@pytest.fixture
def filled_page(tmp_path):
    path = tmp_path / "filled.html"
    path.write_text(render_html(filled()), encoding="utf-8")
    return path


def rows_side_by_side(t):
    rows = t.page.eval_on_selector_all(".row:not(.passthrough)", """rows => rows.filter(r => r.offsetParent).map(r => {
        const a = r.querySelector(':scope > .ar').getBoundingClientRect(), e = r.querySelector(':scope > .en')
            .getBoundingClientRect(); return [a.top, a.left, a.bottom, e.top, e.left]; })""")
    assert rows
    return rows


@pytest.mark.model
def test_example_page_in_a_browser(tiny_marian, chromium, tmp_path):
    out = tmp_path / "article.html"
    r = invoke(EXAMPLE, "--mt-model", tiny_marian, "--no-summary", "-f", "html", "-o", out)
    assert r.exit_code == 0, r.stderr
    t = Tab(chromium)
    page = t.open(out)
    directions = page.eval_on_selector_all("[lang]", "els => els.map(e => [e.lang, getComputedStyle(e).direction])")
    assert {d for lang, d in directions if lang == "ar"} == {"rtl"}
    assert {d for lang, d in directions if lang == "en"} == {"ltr"}
    for a_top, a_left, _, e_top, e_left in rows_side_by_side(t):  # one row each, Arabic on the right
        assert abs(a_top - e_top) < 1
        assert a_left > e_left
    page.screenshot(path=tmp_path / "article-1280.png")
    page.set_viewport_size({"width": 400, "height": 900})
    for a_top, _, a_bottom, e_top, _ in rows_side_by_side(t):  # stacked: the Arabic above its English
        assert a_bottom <= e_top + 1
        assert a_top < e_top
    page.screenshot(path=tmp_path / "article-400.png")
    t.assert_isolated()
    t.context.close()
    assert (tmp_path / "article-1280.png").stat().st_size > 0


def test_pointing_at_a_sentence_lights_its_counterpart(tab, filled_page):
    page = tab.open(filled_page)
    page.hover("#en-3-1")
    assert sorted(tab.lit()) == ["ar-3-1", "en-3-1"]
    page.hover("#ar-0-0")
    assert sorted(tab.lit()) == ["ar-0-0", "en-0-0"]
    page.hover("#en-3-2")  # translated in two pieces: still one sentence on each side
    assert sorted(tab.lit()) == ["ar-3-2", "en-3-2"]
    page.hover(".sum[data-support='3-0 3-1']")  # a summary sentence lights its support
    assert sorted(x for x in tab.lit() if x.startswith(("ar", "en"))) == ["ar-3-0", "ar-3-1", "en-3-0", "en-3-1"]
    page.mouse.move(0, 0)
    assert tab.lit() == []
    page.focus("#ar-3-0")  # keyboard (and tap) reach them too
    assert sorted(tab.lit()) == ["ar-3-0", "en-3-0"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ar-3-1"
    assert sorted(tab.lit()) == ["ar-3-1", "en-3-1"]
    assert page.eval_on_selector("#en-0-0", "e => e.tabIndex") == 0
    tab.assert_isolated()


def test_flags_and_support_are_readable(tab, filled_page):
    page = tab.open(filled_page)
    mark = page.locator("a.mark[href='#note-3-1']")
    assert mark.is_visible()
    assert mark.inner_text() == "[!1]"  # the label the text formats use too
    note = page.locator("#note-3-1")
    assert note.is_visible()
    assert "35 is in the Arabic but not in the English" in note.inner_text()
    assert "number-missing" in note.inner_text()
    assert "repaired" in page.locator("#note-0-1").inner_text()
    assert "2 pieces" in page.locator("#note-3-2").inner_text()
    assert "check" in page.get_attribute("#en-3-1", "title")
    # Arabic in a reason is isolated: "(5)" is drawn to the right of "خمسة", as written, not "(5) خمسة"
    arabic_right, five_left = page.eval_on_selector("#note-3-1 bdi", """b => {
        const r = document.createRange(), t = b.nextSibling; r.setStart(t, 1); r.setEnd(t, 4);
        return [b.getBoundingClientRect().right, r.getBoundingClientRect().left]; }""")
    assert five_left >= arabic_right
    support = page.eval_on_selector_all(".support a", "els => els.map(e => e.getAttribute('href'))")
    assert support == ["#en-0-0", "#en-3-0", "#en-3-1"]
    page.click(".support a[href='#en-3-1']")
    assert page.evaluate("location.hash") == "#en-3-1"
    assert "40 appears nowhere" in page.locator(".sum-flags").inner_text()
    assert page.locator(".sum mark.unverified").inner_text() == "40"
    assert page.locator("details.boilerplate").get_attribute("open") is None
    assert "rule label" in page.locator("details.boilerplate summary").inner_text()
    assert page.locator(".passthrough").inner_text().count("We will respond") == 1
    order = page.eval_on_selector_all(".summary > div", "els => els.map(e => e.lang)")
    assert order == ["en", "ar"]
    tab.assert_isolated()


def test_dark_mode_and_print(tab, filled_page):
    page = tab.open(filled_page)
    background = "getComputedStyle(document.body).backgroundColor"
    light = page.evaluate(background)
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(background) != light
    page.emulate_media(media="print")
    assert page.eval_on_selector(".hint", "e => getComputedStyle(e).display") == "none"


def test_payloads_run_nothing(tab, tmp_path):
    path = tmp_path / "attack.html"
    path.write_text(render_html(attack()), encoding="utf-8")
    page = tab.open(path)
    for sentence in page.query_selector_all("[data-s], [data-support]"):
        sentence.hover()
    page.click("details.warnings summary")
    assert page.eval_on_selector_all("script", "els => els.length") == 1
    assert page.eval_on_selector_all("img, iframe, object, embed", "els => els.length") == 0
    assert page.eval_on_selector_all("a[href^='javascript'], [onerror], [onmouseover]", "els => els.length") == 0
    assert PAYLOAD in page.inner_text("#en-0-0")
    assert PAYLOAD in page.inner_text("h1") + page.inner_text(".ar")
    tab.assert_isolated()


@pytest.mark.model
def test_batch_index_links_to_every_page(tiny_marian, tab, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "deep dir").mkdir(parents=True)
    (src / "one.txt").write_text("قال مسؤولون إن الهجوم وقع اليوم.\n\nوأضاف أن التحقيق جار.", encoding="utf-8")
    (src / "deep dir" / "two #1.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "empty.txt").write_text("  \n", encoding="utf-8")
    r = invoke("batch", src, "-o", out, "--mt-model", tiny_marian, "--no-summary", "-f", "html")
    assert r.exit_code == 3, r.stderr  # the empty file failed, the others are done
    page = tab.open(out / INDEX_NAME)
    links = page.eval_on_selector_all("table.index a", "els => els.map(e => [e.getAttribute('href'), e.href])")
    assert sorted(href for href, _ in links) == ["deep%20dir/two%20%231.html", "one.html"]
    for _, url in links:
        target = Path(url.removeprefix("file://").replace("%20", " ").replace("%23", "#"))
        assert target.is_file()
        assert target.parent.is_relative_to(out)
    rows = page.eval_on_selector_all("tbody tr", "els => els.map(e => e.innerText)")
    assert any("قال مسؤولون إن الهجوم وقع اليوم." in row and "done" in row for row in rows)
    assert "empty.txt" in page.inner_text(".failed")
    assert page.locator("meta[http-equiv='refresh']").count() == 0  # the run is over
    tab.assert_isolated()
    tab.allowed.add((out / "one.html").as_uri())
    page.click("a[href='one.html']")
    assert page.url == (out / "one.html").as_uri()
    assert page.locator("h1").inner_text() == "قال مسؤولون إن الهجوم وقع اليوم."
    tab.assert_isolated()


def test_a_rerun_shows_finished_articles_as_done_from_an_earlier_run(tmp_path):
    (tmp_path / "old.html").write_text(render_html(filled()), encoding="utf-8")
    index = (tmp_path / "index.html")
    write_index(tmp_path, Report([FileResult("old.txt", FileStatus.SKIPPED, "up to date"),
                                  FileResult("link.txt", FileStatus.SKIPPED, "a symbolic link")]))
    text = index.read_text(encoding="utf-8")
    assert "2 done (1 from an earlier run)" not in text  # the link is skipped, not done
    assert "1 done (1 from an earlier run), 1 skipped" in text
    assert 'status-done">done <span class="label">(from an earlier run)</span>' in text
    assert "(up to date)" not in text


def test_batch_index_fits_a_phone(tab, tmp_path):
    """At 400 px: no sideways scroll, long Arabic titles wrap as text, not a word a line."""
    title = "قال مسؤولون في وزارة الخارجية إن المحادثات بين الجانبين ستستأنف الأسبوع المقبل في القاهرة"
    rels = ["a-very-long-folder-name-for-the-news-of-the-day/and-a-long-article-file-name-too.txt", "b.txt"]
    results = []
    for rel in rels:
        page = tmp_path / Path(rel).with_suffix(".html")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(render_html(filled(f"{title}. {TEXT}", path=rel)), encoding="utf-8")
        results.append(FileResult(rel, FileStatus.DONE))
    results.append(FileResult("c.txt", FileStatus.SKIPPED, "up to date"))
    p = tab.open(write_index(tmp_path, Report(results), pending=["d-" + "x" * 60 + ".txt"]))
    for width in (400, 360):
        p.set_viewport_size({"width": width, "height": 800})
        assert p.evaluate("document.documentElement.scrollWidth") <= width
        lines = p.eval_on_selector_all("a.title", """els => els.map(e => {
            const h = parseFloat(getComputedStyle(e).lineHeight);
            return [e.getBoundingClientRect().height / h, e.textContent.split(' ').length]; })""")
        for n_lines, n_words in lines:  # the 15-word title takes a few lines, not one a word
            assert n_lines < n_words / 3
    p.screenshot(path=tmp_path / "index-360.png")
    tab.assert_isolated()
