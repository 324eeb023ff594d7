"""What the user sees on stderr: notes, errors, status and progress. stdout carries data only.

`UI` is the command line's Reporter (job.py) and the handler of the library's log records
(notes.py): NOTE and above unless --quiet, INFO with --verbose. Every string that comes from
the user's data (paths, article text) is printed as plain text, never as Rich markup.
"""
from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.console import Console

from translate_news.normalize import safe_text
from translate_news.notes import NOTE
from translate_news.pipeline import Progress
from translate_news.render.table import terminal_size
from translate_news.rtl import resolve_rtl_mode, visual_line

if TYPE_CHECKING:
    from translate_news.batch import Report

PROG = "translate-news"


class UI:
    def __init__(self, *, quiet: bool = False, verbose: bool = False, console: Console | None = None,
                 rtl: str | None = None):
        self.err = console or Console(stderr=True, highlight=False, **terminal_size(2))
        # Rich's own answer to a closed pipe is to exit 1 (and to silence stdout, not stderr)
        self.err.on_broken_pipe = lambda: stderr_lost(self.err)  # type: ignore[method-assign]
        self.quiet, self.verbose = quiet, verbose
        self._bar: Any = None  # the progress bar on screen, if any
        # --rtl (or TRANSLATE_NEWS_RTL) holds for the Arabic quoted in notes as for the table
        self.visual = resolve_rtl_mode(rtl, is_terminal=self.err.is_terminal) == "visual"

    def _line(self, message: str) -> str:
        line = f"{PROG}: {safe_text(message)}"
        return visual_line(line) if self.visual else line

    def say(self, *things: Any, **options: Any) -> None:
        """Print on stderr. Notes are optional: when stderr's reader has gone (`2>&1 >/dev/null | head`)
        or the terminal hung up, the rest of them go nowhere and the work goes on."""
        try:
            self.err.print(*things, **options)
        except (OSError, ValueError):
            stderr_lost(self.err)

    def error(self, message: str) -> None:
        self.say(self._line(f"error: {message}"), markup=False, soft_wrap=True)

    def note(self, message: str) -> None:
        if not self.quiet:
            self.say(self._line(message), markup=False, soft_wrap=True)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self.say(self._line(message), markup=False, soft_wrap=True)

    @contextlib.contextmanager
    def listening(self) -> Iterator[None]:
        """Show the library's notes (and details with --verbose) while the block runs."""
        handler = _Handler(self)
        root = logging.getLogger("translate_news")
        old = root.level
        root.addHandler(handler)
        root.setLevel(logging.INFO if self.verbose else NOTE)
        try:
            yield
        finally:
            root.removeHandler(handler)
            root.setLevel(old)

    @contextlib.contextmanager
    def status(self, message: str) -> Iterator[None]:
        if self.quiet or not self.err.is_terminal:
            yield
            return
        with self.err.status(message):
            yield

    @contextlib.contextmanager
    def progress(self, description: str) -> Iterator[Progress]:
        """A callback(done, total) that drives a progress bar on an interactive stderr."""
        if self.quiet or not self.err.is_terminal:
            yield lambda done, total: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        with Bar(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                 TimeRemainingColumn(), console=self.err, transient=True) as bar:
            task = bar.add_task(description, total=None)
            self._bar = bar
            try:
                yield lambda done, total: bar.update(task, completed=done, total=total)
            finally:
                self._bar = None

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Take the progress bar off the screen while the block writes to stdout, then put it back
        below what was written (stdout and stderr share the terminal)."""
        bar = self._bar
        if bar is None:
            yield
            return
        bar.stop()
        try:
            yield
        finally:
            bar.start()

    @contextlib.contextmanager
    def batch_progress(self) -> Iterator[BatchProgress]:
        progress = BatchProgress(self)
        try:
            yield progress
        finally:
            progress.stop()

    def batch_summary(self, report: Any) -> None:
        """The end-of-run table: counts, time, throughput, and every failure."""
        from rich.table import Table

        d = report.to_dict()
        table = Table(title="translate-news batch", title_justify="left", show_header=True)
        for col in ("done", "skipped", "failed", "seconds", "sentences/s"):
            table.add_column(col, justify="right")
        c = d["counts"]
        table.add_row(str(c["done"]), str(c["skipped"]), str(c["failed"]), f"{d['seconds']:.1f}",
                      f"{d['sentences_per_second']:.1f}")
        if not self.quiet:
            self.say(table)
        for r in report.results:
            if r.status == "failed":
                self.say(self._line(f"failed: {r.path}: {r.reason}"), markup=False, soft_wrap=True)


class BatchProgress:
    """Files done / total, the file being worked on, articles per minute; a line per failure."""

    MIN_FOR_RATE = 3  # a rate over fewer finished articles says nothing

    def __init__(self, ui: UI):
        self.ui, self.done, self.finished = ui, 0, 0
        self.todo: list[str] = []
        self.started = time.perf_counter()
        self.bar: Any = None
        self.task: Any = None

    def start(self, todo: list[str], report: Report) -> None:
        self.todo, self.started = list(todo), time.perf_counter()
        if self.ui.quiet or not self.ui.err.is_terminal:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[rate]}", markup=False), TimeRemainingColumn(),
                       console=self.ui.err, transient=True)
        self.bar.start()
        self.task = self.bar.add_task(self._label(), total=len(todo), rate="")

    def stop(self) -> None:
        """Take the bar off the screen (before the summary table)."""
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def _label(self) -> str:
        current = self.todo[self.done] if self.done < len(self.todo) else ""
        return f"translating {safe_text(current[-40:])}" if current else "finishing"

    def file_done(self, result: Any) -> None:
        self.done += 1
        self.finished += result.status == "done"
        minutes = (time.perf_counter() - self.started) / 60
        rate = f"{self.finished / minutes:.1f} articles/min" if self.finished >= self.MIN_FOR_RATE else ""
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, description=self._label(), rate=rate)
            if result.status == "failed":
                self.ui.say(self.ui._line(f"failed: {result.path}: {result.reason}"), markup=False)
        elif result.status == "done":
            self.ui.detail(f"[{self.done}/{len(self.todo)}] done {result.path} ({result.seconds:.1f} s)")


class _Handler(logging.Handler):
    def __init__(self, ui: UI):
        super().__init__(logging.INFO)
        self.ui = ui

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= NOTE:
            self.ui.note(message)
        else:
            self.ui.detail(message)


def stderr_lost(console: Console) -> None:
    """Send what is still to be said to /dev/null, so no later write (the interpreter's last flush
    included) fails again."""
    console.quiet = True
    with contextlib.suppress(OSError, ValueError, AttributeError):  # AttributeError: no sys.stderr at all
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stderr.fileno())
        os.close(devnull)


def stdin_is_terminal() -> bool:
    return sys.stdin is None or sys.stdin.isatty()
