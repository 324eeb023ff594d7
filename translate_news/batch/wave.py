"""One wave of a batch: read its files, translate them together, then summarize, render, write and record each.

Both engines run exactly this code (runner.LocalEngine in this process, ray_engine.BatchWorker on
a Ray worker), so their outputs and records are the same byte for byte and either resumes the other.
"""
from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator
from pathlib import Path

from translate_news.batch.records import (
    FileResult,
    FileStatus,
    Request,
    escaped,
    outputs_for,
    record_path,
    sha256_or_none,
)
from translate_news.document import Document
from translate_news.errors import TranslateNewsError, one_line
from translate_news.job import Job
from translate_news.notes import about
from translate_news.output import write_atomic
from translate_news.pages.names import HostPacer
from translate_news.reading import InputOutside
from translate_news.render import render_document

WAVE_FILES = 16  # files whose sentences share model batches; bounds memory too


def waves(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def translate_wave(r: Request, wave: list[str], job: Job, key: str) -> Iterator[FileResult]:
    """One wave: read each file, translate them together, then summarize, render, write and record each.

    Yields each file's result (names as the record keeps them) once its record is written, so
    a rerun (or a retried wave) finds the file done.
    """
    def finish(result: FileResult, sha: str | None) -> FileResult:
        _record(r.out, key, result, sha)
        return result

    docs: dict[str, Document] = {}
    started = time.perf_counter()
    for rel in wave:
        url = r.url_of.get(rel)  # batch --urls: fetched, one request per host at a time
        try:
            if url is not None:
                _pacer(r.delay).wait(url)
            with about(url or escaped(rel)):  # its notes name the file: a batch prints many
                # a link swapped in since planning is not followed out of SRC
                docs[rel] = job.read(url or str(r.src / rel),
                                     inside=None if url is not None or r.follow_symlinks else r.src)
            docs[rel].source.path = url or escaped(rel)  # the documents are UTF-8 text
        except InputOutside:
            yield finish(FileResult(rel, FileStatus.SKIPPED, "a symbolic link to outside the input folder, put in "
                                    "its place during the run; --follow-symlinks translates it"), None)
        except TranslateNewsError as e:
            if url is not None:  # the reason names the URL, which a failure line must show
                yield finish(FileResult(rel, FileStatus.FAILED, str(e), url=url), None)
                continue
            reason = str(e).replace(f"{r.src / rel}: ", "")  # the report names the file already
            yield finish(FileResult(rel, FileStatus.FAILED, reason), sha256_or_none(r.src / rel))
    try:
        job.translate(list(docs.values()))
    except Exception:
        for rel in list(docs):
            try:
                job.translate([docs[rel]])
            except Exception as e:
                yield finish(FileResult(rel, FileStatus.FAILED, one_line(e), url=r.url_of.get(rel)),
                             docs.pop(rel).source.sha256)
    share = (time.perf_counter() - started) / max(1, len(docs))
    for rel, doc in docs.items():
        with about(escaped(rel)):
            result = _finish_document(r, rel, doc, job, share)
        result.url = r.url_of.get(rel)
        yield finish(result, doc.source.sha256)


@functools.cache
def _pacer(delay: float) -> HostPacer:
    """One pacer per process and delay: waves follow one another, the hosts' last requests carry over."""
    return HostPacer(delay)


def _finish_document(r: Request, rel: str, doc: Document, job: Job, share: float) -> FileResult:
    """Summarize (under the job's failure policy), render and write one file's outputs."""
    started = time.perf_counter()
    reason = job.summarize(doc)  # a summary that failed: the outputs are written, the file counts as failed
    doc.stats.seconds = round(share + time.perf_counter() - started, 3)
    written = []
    try:
        for fmt, target in zip(r.formats, outputs_for(r.out, rel, r.formats), strict=True):
            write_atomic(target, render_document(doc, fmt))
            written.append(target.relative_to(r.out).as_posix())
    except TranslateNewsError as e:
        reason = str(e)
    status = FileStatus.FAILED if reason else FileStatus.DONE
    counts = doc.counts()
    return FileResult(rel, status, reason, written, doc.stats.seconds, doc.stats.sentences, counts.flagged,
                      counts.flagged_summary)


def _record(out: Path, key: str, result: FileResult, sha: str | None) -> None:
    record = {"input": result.path, "sha256": sha, "key": key, "status": result.status, "reason": result.reason,
              "outputs": result.outputs}
    try:
        # ASCII: \udcXX escapes keep a non-UTF-8 file name exactly, so plan() finds its outputs again
        write_atomic(record_path(out, result.path), json.dumps(record) + "\n")
    except TranslateNewsError as e:
        result.status, result.reason = FileStatus.FAILED, result.reason or str(e)


