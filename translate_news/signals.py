"""SIGTERM and SIGHUP end a run the way Ctrl-C does.

Their default action kills the process on the spot: the terminal keeps a hidden cursor, a
half-written temporary stays beside its target, and the exit status is the raw signal. Raised
instead as `Terminated`, a KeyboardInterrupt, they take every path Ctrl-C takes (progress bars
put the cursor back, write_atomic removes its temporary, a batch records what finished and
writes its report), and the process exits 128 + the signal's number: 143 or 129.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

HANDLED = (signal.SIGTERM, signal.SIGHUP)


class Terminated(KeyboardInterrupt):
    """A SIGTERM or SIGHUP, raised where a Ctrl-C would be."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def exit_code(e: KeyboardInterrupt) -> int:
    """128 + the signal that ended the run: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return 128 + (e.signum if isinstance(e, Terminated) else signal.SIGINT)


def describe(e: KeyboardInterrupt) -> str:
    return f"terminated ({signal.Signals(e.signum).name})" if isinstance(e, Terminated) else "interrupted"


@contextlib.contextmanager
def terminate_like_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise Terminated in the main thread (once: a second
    signal during the cleanup is ignored, so the cleanup finishes)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (a library caller's worker thread)
        return
    fired = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        if not fired:
            fired = True
            raise Terminated(signum)

    old = {s: signal.signal(s, handler) for s in HANDLED}
    try:
        yield
    finally:
        for s, previous in old.items():
            signal.signal(s, previous)
