"""The batch run itself: hold the output folder, plan, hand the work to an engine, record each file
as it finishes, then write the index and the report (run).

Planning (plan_folder, or urls.plan_urls) and the per-wave work (wave.translate_wave) are the same
whichever engine runs the waves: LocalEngine runs them in this process, ray_engine.RayEngine on a
Ray cluster's workers. What a run shows as it goes is its Observer's: the CLI's progress bar and
notes, or nothing for a library call.
"""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from translate_news.batch.folders import (
    check_folders,
    colliding,
    discover,
    link_problem,
    locked,
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
    write_report,
)
from translate_news.batch.wave import WAVE_FILES, translate_wave, waves
from translate_news.errors import OutputError
from translate_news.job import Job
from translate_news.notes import note
from translate_news.settings import Settings
from translate_news.signals import exit_code

log = logging.getLogger(__name__)


OnFile = Callable[[FileResult], None]


class Observer(Protocol):
    """What a batch run tells as it goes (the CLI's progress bar and notes; nothing for a library call)."""

    def started(self, todo: list[str], report: Report) -> None:
        """The engine is ready: `todo` are the files to translate; `report` already holds the others and
        gains each finished file's result before file_done is called."""

    def file_done(self, result: FileResult) -> None:
        """One file finished (done, failed or skipped), its outputs and record written."""

    def finished(self, report: Report) -> None:
        """The translating is over (interrupted or not), before the index and the report file are written."""

    def wrote(self, what: str, path: Path) -> None:
        """A run-wide file was written: "index" or "report"."""

    def problem(self, message: str) -> None:
        """Something went wrong that does not stop the run (the index or the report could not be written)."""


class Unobserved:
    """An Observer that shows nothing."""

    def started(self, todo: list[str], report: Report) -> None:
        pass

    def file_done(self, result: FileResult) -> None:
        pass

    def finished(self, report: Report) -> None:
        pass

    def wrote(self, what: str, path: Path) -> None:
        pass

    def problem(self, message: str) -> None:
        pass


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


def run(request: Request, settings: Settings, engine: Engine | None = None,
        observer: Observer | None = None) -> Report:
    """A whole batch: hold the output folder, plan, translate what needs it, write the index and the report.

    `engine` runs the translation (default: LocalEngine with a Job of `settings`, in this process).
    Raises before any model loads when the folders are wrong or busy (OutputBusy 75, OutputError 73,
    InputNotFound 66), and OutputLost (73) when OUT is removed under the run. Ctrl-C (SIGTERM,
    SIGHUP) ends the run with `report.interrupted` set. A report file that could not be written
    is said to the observer and leaves `report.unsaved` set (exit code 3 at least).
    """
    if engine is None:
        job = Job(settings)
        try:
            return run(request, settings, LocalEngine(job), observer)
        finally:
            job.close()  # the models this call loaded itself are freed when it returns
    seen = observer or Unobserved()
    with locked(request) as held:  # until the report is written; fails (73, 75) before any model loads
        html = "html" in request.formats
        on_start, on_file = seen.started, seen.file_done
        if html:  # the index is rewritten as files finish, so it can be opened while a long batch runs
            from translate_news.batch.index import LiveIndex, write_index  # Jinja2 only when html is asked

            live = LiveIndex(request.out, seen.started, seen.file_done, on_error=seen.problem)
            on_start, on_file = live.start, live.file_done
        report = run_folder(request, settings, engine, on_start=on_start, on_file=on_file, still_held=held.check)
        seen.finished(report)  # before the report file: a full disk must not hide the results
        held.check()  # no report of this run in a folder someone else may hold now
        if html and request.out.is_dir():
            try:
                seen.wrote("index", write_index(request.out, report))
            except OutputError as e:
                seen.problem(f"the index was not written: {e}")
        try:
            report.path = write_report(report, request.out, request.shard)
        except OutputError as e:
            report.unsaved = f"the report was not written: {e}"
            seen.problem(report.unsaved)
    if report.path is not None:
        seen.wrote("report", report.path)
    return report


def run_folder(request: Request, settings: Settings, engine: Engine, *,
               on_start: Callable[[list[str], Report], None] = lambda todo, report: None,
               on_file: OnFile = lambda r: None, still_held: Callable[[], None] = lambda: None) -> Report:
    """Plan, translate what needs it with `engine`, record each file; return the report (unwritten).

    Ctrl-C ends the run with `report.interrupted` set; whatever was being written is abandoned
    whole by write_atomic. run() calls it inside `locked(request)`; `still_held` (its
    Holding.check) runs after each file and stops the run (OutputLost) when the folder was
    removed under it.
    """
    if request.urls:
        from translate_news.batch.urls import plan_urls

        planned = plan_urls(request, settings)
    else:
        planned = plan_folder(request, settings)
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
