"""Notes for the reader, from anywhere in the library, through the standard logging module.

Library code never prints: it logs to `logging.getLogger(__name__)`. NOTE is what a reader
should see by default (a fallback taken, a one-off conversion, a doubt); INFO is detail for
--verbose. The command line installs the one handler that shows them (ui.py); a program
using the library chooses its own.

A run over many files says which file a note is about: inside `about(path)`, a note that
does not name the file already starts with it.
"""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar

NOTE = 25  # between INFO and WARNING
logging.addLevelName(NOTE, "NOTE")
_subject: ContextVar[str | None] = ContextVar("translate_news_note_subject", default=None)


@contextlib.contextmanager
def about(subject: str) -> Iterator[None]:
    """Notes logged inside the block are about `subject` (a file's path)."""
    token = _subject.set(subject)
    try:
        yield
    finally:
        _subject.reset(token)


def note(log: logging.Logger, message: str) -> None:
    subject = _subject.get()
    if subject and subject not in message:
        message = f"{subject}: {message}"
    log.log(NOTE, message)
