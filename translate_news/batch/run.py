"""The batch run itself: plan what needs doing, hand it to an engine, record each file as it finishes.

Planning (plan_folder) and the per-wave work (translate_wave: read, translate together,
summarize, render, write, record) are the same whichever engine runs the waves: LocalEngine
runs them in this process, ray_engine.RayEngine on a Ray cluster's workers.
"""
from __future__ import annotations

import contextlib
import functools
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from translate_news.batch.folders import (
    check_folders,
    colliding,
    discover,
    link_problem,
    remove_stale_temporaries,
    shard_of,
    takes_a_reserved_name,
)
from translate_news.batch.records import (
    FileResult,
    FileStatus,
    Planned,
    Report,
    Request,
    escaped,
    outputs_for,
    plan,
    read_record,
    record_path,
    report_path,
    run_key,
    sha256_or_none,
)
from translate_news.document import Document
from translate_news.errors import TranslateNewsError, one_line
from translate_news.job import Job
from translate_news.notes import about, note
from translate_news.output import write_atomic
from translate_news.pages.names import HostPacer
from translate_news.reading import InputOutside
from translate_news.render import render_document
from translate_news.settings import Settings
from translate_news.signals import exit_code

log = logging.getLogger(__name__)
WAVE_FILES = 16  # files whose sentences share model batches; bounds memory too


def waves(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


OnFile = Callable[[FileResult], None]


class Engine(Protocol):
    """Runs the waves of a planned batch somewhere and hands back each file's result as it is recorded."""

    name: str

    def open(self, request: Request, todo: list[str], key: str) -> AbstractContextManager[Iterator[FileResult]]:
        """Get ready (load models, start workers: failures raise here, before any file), then yield the
        results. Leaving the context stops the work, on Ctrl-C too."""
        ...


class LocalEngine:
    """The waves in this process, one after another, with the job's models (loaded once)."""

    name = "local"

    def __init__(self, job: Job):
        self.job = job

    @contextlib.contextmanager
    def open(self, request: Request, todo: list[str], key: str) -> Iterator[Iterator[FileResult]]:
        self.job.load_all()
        yield (result for wave in waves(todo, WAVE_FILES) for result in translate_wave(request, wave, self.job, key))


def plan_folder(request: Request, settings: Settings) -> Planned:
    """Find the inputs, set aside links, clashes and report names, take this shard, and read the records."""
    r = request
    k, n = r.shard
    check_folders(r.src, r.out)
    found = discover(r.src, r.globs)
    links = {f: why for f in found if (why := link_problem(r.src, f, r.follow_symlinks))}
    clashes = colliding([f for f in found if f not in links])  # before sharding: every shard agrees
    files = [f for f in found if shard_of(f, n) == k]
    skipped = {f: why for f in files if (why := links.get(f))}
    refused = {f: f"its outputs would overwrite those of {clashes[f]}; rename one of them"
               for f in files if f in clashes}
    refused.update({f: why for f in files if f not in links and (why := takes_a_reserved_name(f, r.formats))})
    remove_stale_temporaries(r.out, None if n == 1 else {report_path(r.out, r.shard)} | {
        t for f in files for t in [*outputs_for(r.out, f, r.formats), record_path(r.out, f)]})
    key = run_key(settings, r.formats)
    todo = plan(r.src, r.out, [f for f in files if f not in skipped and f not in refused], key,
                force=r.force, retry_failed=r.retry_failed)
    report = Report(results=[x.escaped() for x in [
        *todo.skipped, *(FileResult(f, FileStatus.SKIPPED, why) for f, why in skipped.items()),
        *(FileResult(f, FileStatus.FAILED, why) for f, why in refused.items())]])
    earlier = sum(1 for s in todo.skipped if s.status == FileStatus.FAILED)
    shard_note = f" (shard {k}/{n})" if n > 1 else ""
    note(log, f"{len(files)} file(s){shard_note}: {len(todo.todo)} to translate, "
              f"{len(todo.skipped) - earlier} up to date or skipped, {earlier} failed earlier")
    return Planned(todo.todo, report, key)


def run_folder(request: Request, job: Job, *,
               on_start: Callable[[list[str], Report], None] = lambda todo, report: None,
               on_file: OnFile = lambda r: None, engine: Engine | None = None,
               still_held: Callable[[], None] = lambda: None) -> Report:
    """The whole batch: find, plan, translate what needs it, record each file; return the report.

    `engine` runs the translation (default: LocalEngine(job), in this process). Ctrl-C ends
    the run with `report.interrupted` set; whatever was being written is abandoned whole by
    write_atomic. Call it inside `locked(request)`, which holds the output folder until the
    caller has written the report (write_report); `still_held` (its Holding.check) runs after
    each file and stops the run (OutputLost) when the folder was removed under it.
    """
    engine = engine or LocalEngine(job)
    if request.urls:
        from translate_news.batch.urls import plan_urls

        planned = plan_urls(request, job.settings)
    else:
        planned = plan_folder(request, job.settings)
    report = planned.report
    report.engine = engine.name
    try:
        if planned.todo:
            with engine.open(request, planned.todo, planned.key) as results:
                on_start([escaped(f) for f in planned.todo], report)
                seen: set[str] = set()
                for result in results:
                    if result.path in seen:  # a batch run again after its worker died: the file is done once
                        continue
                    seen.add(result.path)
                    report.results.append(result.escaped())
                    on_file(report.results[-1])
                    still_held()
    except KeyboardInterrupt as e:  # Ctrl-C, SIGTERM, SIGHUP
        report.interrupted = True
        report.exit_on = exit_code(e)
        # Files finished whose results had not come back yet (a Ray worker returns a wave's at its end)
        counted = {r.path for r in report.results}
        report.results += [r.escaped() for r in recorded_since(request.out, planned.todo, planned.key, report.started)
                           if escaped(r.path) not in counted]
    return report


def recorded_since(out: Path, files: list[str], key: str, since: float) -> list[FileResult]:
    """What the records written by this run (under `key`, since `since`) say of `files`."""
    found = []
    for rel in files:
        path = record_path(out, rel)
        try:
            fresh = path.stat().st_mtime >= since
        except OSError:
            continue
        rec = read_record(out, rel) if fresh else None
        if rec and rec.get("key") == key and rec.get("status") in (FileStatus.DONE, FileStatus.FAILED):
            found.append(FileResult(rel, FileStatus(rec["status"]), rec.get("reason"), list(rec.get("outputs", []))))
    return found


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


