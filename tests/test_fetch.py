"""URLs against a local HTTP server started by the test: limits, errors and their exit codes."""
import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from conftest import ROOT
from kit import invoke

from translate_news.errors import ExitCode, HttpError, InputError, SiteUnreachable
from translate_news.pages import read_input
from translate_news.pages.fetch import MAX_REDIRECTS, USER_AGENT
from translate_news.render import render_document
from translate_news.segment import segment

PAGE = (ROOT / "tests" / "data" / "pages" / "news-article.html").read_bytes()
TEXT = (ROOT / "examples" / "article.txt").read_bytes()
NO_META = PAGE.replace(b'<meta charset="utf-8">', b"")


def _routes(path: str):
    """(status, headers, body) for each path the tests ask for."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    if path == "/article":
        return 200, html, PAGE
    if path.startswith("/hop/"):  # /hop/N redirects N more times, then serves the article
        n = int(path.rsplit("/", 1)[1])
        return (302, {"Location": f"/hop/{n - 1}"}, b"") if n else (200, html, PAGE)
    if path == "/to-file":
        return 302, {"Location": "file:///etc/passwd"}, b""
    if path == "/to-data":
        return 301, {"Location": "data:text/html,<p>x</p>"}, b""
    if path in ("/missing", "/gone", "/broken"):
        return {"/missing": 404, "/gone": 410, "/broken": 503}[path], html, b"<html>error</html>"
    if path == "/huge":
        return 200, html, b"<html><body><p>" + "خبر ".encode() * 100_000 + b"</p></body></html>"
    if path == "/bomb":  # 50 MB of spaces in about 50 kB
        return 200, {**html, "Content-Encoding": "gzip"}, gzip.compress(b" " * 50_000_000, compresslevel=9)
    if path == "/gzip":
        return 200, {**html, "Content-Encoding": "gzip"}, gzip.compress(PAGE)
    if path == "/wrong-charset":
        return 200, {"Content-Type": "text/html; charset=iso-8859-1"}, NO_META
    if path == "/pdf":
        return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
    if path == "/plain":
        return 200, {"Content-Type": "text/plain; charset=utf-8"}, TEXT
    if path == "/plain-latin1":  # a wrong charset on plain text: detection takes over
        return 200, {"Content-Type": "text/plain; charset=iso-8859-1"}, TEXT
    if path == "/feed":
        return 200, {"Content-Type": "application/rss+xml"}, b"<rss></rss>"
    return 404, html, b"not here"


class _Handler(BaseHTTPRequestHandler):
    agents: ClassVar[list[str]] = []

    def do_GET(self):
        self.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(3)
        status, headers, body = _routes(self.path)
        self.send_response(status)
        for k, v in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the client stopped reading (a limit): expected
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads, httpd.block_on_close = True, False
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


def fetch(url, **kw):
    return read_input(url, max_bytes=kw.pop("max_bytes", 1_000_000), timeout=kw.pop("timeout", 5), **kw)


def test_a_url_gives_its_article_with_where_it_came_from(server):
    doc = segment(fetch(f"{server}/hop/3"))  # three redirects are followed
    assert doc.source.path == f"{server}/hop/3"
    assert doc.source.page.url == f"{server}/hop/0"  # the page as fetched, after the redirects
    assert doc.source.page.title == "هجوم صاروخي على قاعدة الأسد يصيب خمسة جنود أمريكيين"
    assert "الرئيسية" not in doc.text
    assert _Handler.agents[-1] == USER_AGENT
    assert USER_AGENT.startswith("translate-news/")
    assert segment(fetch(f"{server}/gzip")).text == doc.text  # compressed bodies are read too


def test_redirect_limits(server):
    assert fetch(f"{server}/hop/{MAX_REDIRECTS}").page is not None
    with pytest.raises(HttpError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch(f"{server}/hop/{MAX_REDIRECTS + 1}")
    with pytest.raises(HttpError, match="file: URL; only http and https"):
        fetch(f"{server}/to-file")
    with pytest.raises(HttpError, match=r"data: URL|cannot be followed"):
        fetch(f"{server}/to-data")


@pytest.mark.parametrize(("path", "status"), [("/missing", "404 Not Found"), ("/gone", "410 Gone"),
                                              ("/broken", "503 Service Unavailable")])
def test_http_errors_name_the_url_and_the_status(server, path, status):
    with pytest.raises(HttpError) as e:
        fetch(server + path)
    assert str(e.value) == f"{server}{path}: HTTP {status}"
    assert e.value.exit_code == ExitCode.PROTOCOL == 76


def test_timeouts_and_refused_connections(server):
    started = time.monotonic()
    with pytest.raises(SiteUnreachable, match=r"no answer within 0.5 s"):
        fetch(f"{server}/slow", timeout=0.5)
    assert time.monotonic() - started < 2.5
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SiteUnreachable, match="cannot connect") as e:
        fetch(f"http://127.0.0.1:{port}/a")
    assert e.value.exit_code == 68


def test_an_unknown_host_is_exit_68_without_asking_a_real_resolver(monkeypatch):
    # The resolver is patched where every connection asks it (socket.getaddrinfo, under httpcore),
    # so the test neither waits on this machine's DNS nor depends on it; '.invalid' is reserved
    # (RFC 2606), so even an unpatched lookup could never reach a real site.
    import socket

    real = socket.getaddrinfo
    asked = []

    def resolve(host, *args, **kwargs):
        if str(host).endswith(".invalid"):
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)  # a proxy would resolve the name itself
    url = "http://news.invalid/2024/a.html"
    started = time.monotonic()
    with pytest.raises(SiteUnreachable) as e:
        fetch(url, timeout=2)
    assert time.monotonic() - started < 4
    assert asked == ["news.invalid"]
    assert str(e.value) == f"{url}: the host name news.invalid cannot be resolved (DNS: [Errno {socket.EAI_NONAME}] " \
                           "Name or service not known)"
    assert e.value.exit_code == 68
    r = invoke(url, "--no-summary", "--timeout", "2")
    assert r.exit_code == 68
    assert r.stderr.strip() == f"translate-news: error: {e.value}"  # one line, naming the URL


def test_size_limits_count_decompressed_bytes(server):
    with pytest.raises(InputError, match="more than 100,000 bytes; an article"):
        fetch(f"{server}/huge", max_bytes=100_000)
    started = time.monotonic()
    with pytest.raises(InputError, match="more than 1,000,000 bytes once decompressed"):
        fetch(f"{server}/bomb")
    assert time.monotonic() - started < 2  # stopped at the limit, not after 50 MB


def test_charset_pdf_and_plain_text(server, notes):
    doc = fetch(f"{server}/wrong-charset")  # the header says iso-8859-1; the page is UTF-8
    assert doc.encoding == "utf-8"
    assert "قاعدة الأسد" in doc.text
    assert any("iso-8859-1" in n for n in notes())
    assert "iso-8859-1" in doc.page.notes[0]  # in the output too, where the reader looks
    assert "Check: " in render_document(segment(doc), "text")
    with pytest.raises(InputError, match=r"sent a PDF \(application/pdf\), not a web page") as e:
        fetch(f"{server}/pdf")
    assert e.value.exit_code == 65
    plain = fetch(f"{server}/plain")
    assert plain.page is None
    assert plain.text == TEXT.decode("utf-8")
    assert fetch(f"{server}/plain-latin1").text == plain.text
    with pytest.raises(InputError, match=r"of type application/rss\+xml"):
        fetch(f"{server}/feed")


def test_the_command_line_exit_codes_for_urls(server):
    r = invoke(f"{server}/missing", "--no-summary")
    assert r.exit_code == 76
    assert r.stderr.strip() == f"translate-news: error: {server}/missing: HTTP 404 Not Found"
    assert invoke(f"{server}/pdf", "--no-summary").exit_code == 65
    r = invoke(f"{server}/article", "--offline", "--no-summary")
    assert r.exit_code == 2
    assert "--offline never touches the network" in r.stderr
    assert _Handler.agents.count(USER_AGENT) == len(_Handler.agents)
    r = invoke("ftp://example.com/a.html", "--no-summary")
    assert r.exit_code == 2
    assert "only http:// and https://" in r.stderr


@pytest.mark.model
def test_batch_urls_resume_isolate_failures_and_name_outputs_from_the_url(server, tiny_marian, tmp_path):
    listing = tmp_path / "urls.txt"
    good, bad = f"{server}/article", f"{server}/missing"
    listing.write_text(f"# today's pages\n{good}\n\n{bad}\n{good}\nftp://example.com/x\n{server}/plain\n",
                       encoding="utf-8")
    out = tmp_path / "out"
    run = ("batch", "--urls", listing, "-o", out, "--mt-model", tiny_marian, "--no-summary", "--delay", "0",
           "-f", "json", "-f", "html")
    r = invoke(*run)
    assert r.exit_code == 3, r.stderr  # one URL failed: the others are done
    report = json.loads((out / "_report.json").read_text(encoding="utf-8"))
    files = {f["url"]: f for f in report["files"]}
    assert sorted(files) == sorted([good, bad, "ftp://example.com/x", f"{server}/plain"])  # the repeat once
    assert files[good]["status"] == "done"
    assert files[f"{server}/plain"]["status"] == "done"
    assert files[bad]["status"] == "failed"
    assert "HTTP 404" in files[bad]["reason"]
    assert "only http:// and https://" in files["ftp://example.com/x"]["reason"]
    name = files[good]["path"]
    assert name.startswith("127.0.0.1_")
    assert name.endswith(".url")
    doc = json.loads((out / (name.removesuffix(".url") + ".json")).read_text(encoding="utf-8"))
    assert doc["source"]["path"] == good
    assert doc["source"]["site"] == "أخبار الشرق"
    assert doc["paragraphs"][0]["heading"] is True
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "أخبار الشرق · 2024-08-06" in index
    assert f"{server}/missing: HTTP 404 Not Found" in r.stderr
    requests = len(_Handler.agents)
    r = invoke(*run)  # again: the done URLs are skipped without a request, the failure is remembered
    assert r.exit_code == 3
    assert len(_Handler.agents) == requests
    again = {f["url"]: f for f in json.loads((out / "_report.json").read_text(encoding="utf-8"))["files"]}
    assert again[good]["status"] == "skipped"
    assert again[bad]["reason"].startswith("failed earlier")
    invoke(*run, "--force")  # --force fetches every URL again
    assert len(_Handler.agents) == requests + 3


def test_batch_urls_refusals(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("https://example.com/a\n", encoding="utf-8")
    for extra, why in ((["--engine", "ray"], "--engine ray takes folders only"),
                       (["--offline"], "--offline never touches the network"),
                       ([str(tmp_path)], "not both")):
        r = invoke("batch", "--urls", listing, "-o", tmp_path / "out", *extra)
        assert r.exit_code == 2
        assert why in r.stderr
    assert invoke("batch", "--urls", tmp_path / "none.txt", "-o", tmp_path / "out").exit_code == 66
    (tmp_path / "empty.txt").write_text("# nothing yet\n", encoding="utf-8")
    assert invoke("batch", "--urls", tmp_path / "empty.txt", "-o", tmp_path / "out").exit_code == 65


def test_output_names_and_host_pacing():
    from translate_news.pages.names import HostPacer, output_name

    a = output_name("https://news.example/2024/08/06/rocket-attack?id=1")
    assert a == output_name("https://news.example/2024/08/06/rocket-attack?id=1#comments")  # stable
    assert a != output_name("https://news.example/2024/08/06/rocket-attack?id=2")  # collision-free
    assert a.startswith("news.example/06-rocket-attack-")
    slept, now = [], [100.0]
    pacer = HostPacer(2.0, clock=lambda: now[0], sleep=lambda s: (slept.append(s), now.__setitem__(0, now[0] + s)))
    pacer.wait("https://a.example/1")
    pacer.wait("https://b.example/1")  # another host: no wait
    now[0] += 0.5
    pacer.wait("https://a.example/2")
    assert slept == [1.5]
