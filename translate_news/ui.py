"""What the user sees on stderr: messages and progress. stdout carries data only."""
from __future__ import annotations

import contextlib
import sys
import time
from typing import Callable, Iterator

from rich.console import Console

PROG = "translate-news"


class UI:
    def __init__(self, *, quiet: bool = False, verbose: bool = False, console: Console | None = None):
        self.err = console or Console(stderr=True, highlight=False)
        self.quiet, self.verbose = quiet, verbose

    def error(self, message: str) -> None:
        self.err.print(f"{PROG}: error: {message}", markup=False, soft_wrap=True)

    def note(self, message: str) -> None:
        if not self.quiet:
            self.err.print(f"{PROG}: {message}", markup=False, soft_wrap=True)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self.err.print(f"{PROG}: {message}", markup=False, soft_wrap=True)

    @contextlib.contextmanager
    def status(self, message: str) -> Iterator[None]:
        if self.quiet or not self.err.is_terminal:
            yield
            return
        with self.err.status(message):
            yield

    @contextlib.contextmanager
    def progress(self, description: str) -> Iterator[Callable[[int, int], None]]:
        """A callback(done, total) that drives a progress bar on an interactive stderr."""
        if self.quiet or not self.err.is_terminal:
            yield lambda done, total: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), console=self.err, transient=True) as bar:
            task = bar.add_task(description, total=None)
            yield lambda done, total: bar.update(task, completed=done, total=total)

    @contextlib.contextmanager
    def batch_progress(self, total: int) -> Iterator["BatchProgress"]:
        progress = BatchProgress(self, total)
        if self.quiet or not self.err.is_terminal:
            yield progress
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=self.err,
                      transient=True) as bar:
            progress.bar, progress.task = bar, bar.add_task("translating", total=total, rate="")
            yield progress

    def batch_summary(self, report, report_file) -> None:
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
            self.err.print(table)
        for r in report.results:
            if r.status == "failed":
                self.err.print(f"{PROG}: failed: {r.path}: {r.reason}", markup=False, soft_wrap=True)
        self.note(f"report: {report_file}")


class BatchProgress:
    """Files done / total, sentences per second, the current file; a line per failure."""

    def __init__(self, ui: UI, total: int):
        self.ui, self.total, self.done, self.sentence_count = ui, total, 0, 0
        self.started, self.bar, self.task = time.perf_counter(), None, None

    def file_done(self, result) -> None:
        self.done += 1
        self.sentence_count += result.sentences
        rate = self.sentence_count / max(1e-9, time.perf_counter() - self.started)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, description=result.path[-40:], rate=f"{rate:.1f} sent/s")
        elif result.status == "done":
            self.ui.detail(f"[{self.done}/{self.total}] done {result.path} ({result.seconds:.1f} s)")
        if result.status == "failed" and self.bar is not None:
            self.bar.console.print(f"{PROG}: failed: {result.path}: {result.reason}", markup=False)


def stdin_is_terminal() -> bool:
    return sys.stdin is None or sys.stdin.isatty()
