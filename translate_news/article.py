"""One article, from its input to its output: the translate command's run as a library call.

The output is checked before minutes of work (writable, and not the input itself). A file is
written whole, atomically, at the end: its reader never sees half an article. Without a file
each rendered piece goes to `emit` as soon as its paragraph is translated (the CLI's stdout).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from translate_news.job import Job, Outcome, announce_boilerplate
from translate_news.output import check_writable, refuse_same_file, write_atomic
from translate_news.render import render_document, streamer


def translate_article(job: Job, source: str | None, *, fmt: str, text: str | None = None,
                      stdin: IO[bytes] | None = None, output: Path | None = None, rtl: str | None = None,
                      emit: Callable[[str], None] = lambda piece: None, to_terminal: bool = False,
                      started: float | None = None) -> Outcome:
    """Read `source` (a file, a saved page, a URL, '-' or None for `stdin`) or `text`, translate and
    summarize it with `job`, and write it in format `fmt` to `output`, or else piece by piece to `emit`.

    Raises as Job.read does, OutputError (73) / UsageError (2) for an output that cannot be written
    or is the input, before the models load. `started`: when the run began (for the document's
    seconds; default now). The outcome's exit code is OK or SUMMARY_FAILED.
    """
    started = time.perf_counter() if started is None else started
    if output is not None:
        check_writable(output)  # before minutes of work, not after
        refuse_same_file(output, source, None if text is not None else stdin)
    doc = job.read(source, text=text, stdin=stdin)
    announce_boilerplate(doc, keep=job.settings.keep_boilerplate)
    marked = fmt != "plain"  # plain text has no markers for the flags to point at
    if output is not None:
        outcome = job.run(doc, started=started, marked=marked)
        write_atomic(output, render_document(outcome.document, fmt, rtl=rtl))
        return outcome
    pieces = streamer(fmt, rtl=rtl, to_terminal=to_terminal)
    job.translator()  # loaded before anything is emitted: a model error leaves the output empty
    emit(pieces.start(doc))
    outcome = job.run(doc, started=started, on_paragraph=lambda p: emit(pieces.paragraph(p)), marked=marked)
    emit(pieces.finish(outcome.document))
    return outcome
