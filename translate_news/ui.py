"""What the user sees on stderr: messages and progress. stdout carries data only."""
from __future__ import annotations

import contextlib
import sys
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


def stdin_is_terminal() -> bool:
    return sys.stdin is None or sys.stdin.isatty()
