"""The batch index: index.html in the output folder lists every article, links to its page,
and lists the failed files; rewritten as the batch runs, so it can be opened meanwhile."""
from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

from translate_news.batch.records import SPARE_INDEX_NAME, UP_TO_DATE, FileResult, FileStatus, Report, outputs_for
from translate_news.errors import OutputError
from translate_news.output import write_atomic
from translate_news.render.html import asset, csp, environment

INDEX_NAME = "index.html"


@dataclass(frozen=True)
class Entry:
    path: str
    status: str
    reason: str | None
    href: str | None  # relative to the index
    info: dict[str, str]  # what the page says of itself (data-tn-* on its <body>); empty without a page
    earlier: bool = False  # done by an earlier run (this one found it up to date)


class _PageInfo(HTMLParser):
    """Reads the data-tn-* attributes an article page carries on its <body>."""

    def __init__(self) -> None:
        super().__init__()
        self.info: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and self.info is None:
            self.info = {k[8:]: v or "" for k, v in attrs if k.startswith("data-tn-")}


@functools.lru_cache(maxsize=100_000)
def _page_info(path: str, mtime_ns: int, size: int) -> dict[str, str]:
    """The page's title and counts (cached by mtime and size: a live index rereads every page)."""
    parser = _PageInfo()
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for chunk in iter(lambda: f.read(1 << 16), ""):
                parser.feed(chunk)
                if parser.info is not None:
                    break
    except OSError:
        return {}
    return parser.info or {}


def page_path(rel: str) -> str:
    """Where batch writes the page of input `rel` (its outputs mirror the input tree)."""
    return outputs_for(Path(), rel, ("html",))[0].as_posix()


def _is_article_page(path: Path) -> bool:
    try:
        st = path.stat()
    except OSError:
        return False
    return _page_info(str(path), st.st_mtime_ns, st.st_size).get("kind") == "article"


def index_path(out: Path, paths: Sequence[str] = ()) -> Path:
    """index.html, unless an article's page has (or will have) that name."""
    if INDEX_NAME in {page_path(p) for p in paths} or _is_article_page(out / INDEX_NAME):
        return out / SPARE_INDEX_NAME
    return out / INDEX_NAME


def render_index(out: Path, results: Sequence[FileResult], pending: Sequence[str] = ()) -> str:
    entries = []
    for r in sorted(results, key=lambda r: r.path):
        page = out / page_path(r.path)
        try:
            st = page.stat()
            info = _page_info(str(page), st.st_mtime_ns, st.st_size)
        except OSError:
            info = {}
        href = quote(page_path(r.path), errors="surrogateescape") if info.get("kind") == "article" else None
        if r.status == FileStatus.SKIPPED and r.reason == UP_TO_DATE:  # a rerun: the reader sees it done
            entries.append(Entry(r.path, "done", None, href, info, earlier=True))
        else:
            entries.append(Entry(r.path, str(r.status), r.reason, href, info))
    failed = [e for e in entries if e.status == "failed"]
    counts = {s: sum(1 for e in entries if e.status == s) for s in ("done", "skipped", "failed")}
    counts["earlier"] = sum(1 for e in entries if e.earlier)
    context = {"entries": entries, "failed": failed, "pending": sorted(pending), "counts": counts,
               "css": asset("page.css")[0], "csp": csp(script=False),
               "updated": time.strftime("%Y-%m-%d %H:%M:%S")}
    return environment().get_template("index.html.j2").render(context)


def write_index(out: Path, report: Report, *, pending: Sequence[str] = ()) -> Path:
    """Write the batch index (atomically) into `out`; return its path."""
    path = index_path(out, [r.path for r in report.results] + list(pending))
    write_atomic(path, render_index(out, report.results, pending))
    return path


class LiveIndex:
    """Progress callbacks for run_folder that keep the index current while a batch runs.

    The index is a convenience: failing to write it is said once and never stops the batch.
    Rewrites are at most every `every` seconds (each one reads every page's header).
    """

    def __init__(self, out: Path, on_start: Callable[[list[str], Report], None],
                 on_file: Callable[[FileResult], None], *, on_error: Callable[[str], None], every: float = 2.0):
        self.out, self.on_start, self.on_file, self.on_error = out, on_start, on_file, on_error
        self.every, self.last, self.failed = every, 0.0, False
        self.todo: list[str] = []
        self.report = Report()

    def start(self, todo: list[str], report: Report) -> None:
        self.on_start(todo, report)
        self.todo, self.report = list(todo), report  # the run adds each finished file to `report`
        self._write(force=True)

    def file_done(self, result: FileResult) -> None:
        self.on_file(result)
        self._write(force=False)

    def _write(self, *, force: bool) -> None:
        now = time.monotonic()
        if self.failed or (not force and now - self.last < self.every):
            return
        self.last = now
        finished = {r.path for r in self.report.results}
        try:
            write_index(self.out, self.report, pending=[t for t in self.todo if t not in finished])
        except OutputError as e:
            self.failed = True
            self.on_error(f"the index was not written: {e}")
