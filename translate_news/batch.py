"""Translating a folder of articles: resumable, failure-isolated, shardable, nothing lost.

Every output is written atomically, and a small record beside it (written last) says which
input bytes, models and options made it; a later run skips a file whose record matches.
One bad file is recorded and the run goes on. Models load once per run (job.py), and the
sentences of several files share model batches. Memory is bounded by one wave of files.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from translate_news.document import Document
from translate_news.errors import ExitCode, InputNotFound, TranslateNewsError, UsageError, one_line
from translate_news.job import Job
from translate_news.notes import note
from translate_news.output import sha256_file, write_atomic
from translate_news.render import FORMATS, render_document
from translate_news.render.data import SCHEMA_VERSION

log = logging.getLogger(__name__)
DEFAULT_GLOBS = ("**/*.txt",)
DEFAULT_FORMATS = ("json", "markdown")
RECORD_SUFFIX = ".translate-news.json"
WAVE_FILES = 16  # files whose sentences share model batches; bounds memory too


class FileStatus(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass
class FileResult:
    path: str  # relative to the input folder, '/'-separated
    status: FileStatus
    reason: str | None = None
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    sentences: int = 0


@dataclass
class Report:
    results: list[FileResult] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    interrupted: bool = False

    def count(self, status: FileStatus) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def exit_code(self) -> ExitCode:
        if self.interrupted:
            return ExitCode.INTERRUPTED
        return ExitCode.BATCH_FAILURES if self.count(FileStatus.FAILED) else ExitCode.OK

    def to_dict(self) -> dict[str, Any]:
        seconds = time.time() - self.started
        done = [r for r in self.results if r.status == FileStatus.DONE]
        return {"schema_version": SCHEMA_VERSION, "interrupted": self.interrupted,
                "counts": {s.value: self.count(s) for s in FileStatus},
                "seconds": round(seconds, 3),
                "sentences_per_second": round(sum(r.sentences for r in done) / seconds, 2) if seconds else 0.0,
                "files": [asdict(r) for r in sorted(self.results, key=lambda r: r.path)]}


@dataclass(frozen=True)
class Request:
    """What a batch run is asked to do, besides the Settings."""

    src: Path
    out: Path
    globs: tuple[str, ...] = DEFAULT_GLOBS
    formats: tuple[str, ...] = DEFAULT_FORMATS
    force: bool = False
    retry_failed: bool = False
    shard: tuple[int, int] = (1, 1)


# ---------------------------------------------------------------- discovery

def glob_regex(pattern: str) -> re.Pattern[str]:
    """A '/'-path glob: '**/' spans folders (or none), '*' and '?' stay inside one name."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def discover(src: Path, globs: tuple[str, ...] = DEFAULT_GLOBS) -> list[str]:
    """Relative paths of the input files, sorted.

    Hidden files and folders are skipped; symlinked folders are not followed (no loops, no
    escaping the tree); a symlinked file counts when it points at a regular file.
    """
    patterns = [glob_regex(g) for g in globs]
    found = []
    for folder, dirs, files in os.walk(src, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            rel = Path(folder, name).relative_to(src).as_posix()
            if any(p.match(rel) for p in patterns) and Path(folder, name).is_file():
                found.append(rel)
    return sorted(found)


def colliding(files: list[str]) -> dict[str, str]:
    """Files whose outputs would overwrite an earlier file's (a/b.txt and a/b.md), to the earlier one."""
    first: dict[str, str] = {}
    clashes = {}
    for rel in files:
        stem = Path(rel).with_suffix("").as_posix()
        if stem in first:
            clashes[rel] = first[stem]
        else:
            first[stem] = rel
    return clashes


def shard_of(rel: str, n: int) -> int:
    """1..n, from the path alone, so every machine splits a corpus the same way."""
    return int(hashlib.sha256(rel.encode("utf-8")).hexdigest(), 16) % n + 1


def parse_shard(value: str) -> tuple[int, int]:
    k, sep, n = value.partition("/")
    if sep and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n):
        return int(k), int(n)
    raise UsageError(f"--shard must be K/N with 1 <= K <= N, not '{value}'")


def check_folders(src: Path, out: Path) -> None:
    if not src.exists():
        raise InputNotFound(f"{src}: no such folder")
    if not src.is_dir():
        raise UsageError(f"{src} is a file; batch takes a folder (translate one file with 'translate-news {src}')")
    a, b = src.resolve(), out.resolve()
    if a == b or a in b.parents or b in a.parents:
        raise UsageError(f"the input folder {src} and the output folder {out} overlap; "
                              "choose an output folder outside the input")


# ---------------------------------------------------------------- records (resume)

def run_key(job: Job, formats: tuple[str, ...]) -> str:
    """What, besides the input bytes, decides the outputs: the settings and the formats."""
    parts = [SCHEMA_VERSION, job.settings.cache_key(), sorted(formats)]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def outputs_for(out: Path, rel: str, formats: tuple[str, ...]) -> list[Path]:
    stem = Path(rel).with_suffix("")
    return [out / (stem.as_posix() + FORMATS[f].extension) for f in formats]


def record_path(out: Path, rel: str) -> Path:
    p = out / rel
    return p.parent / f".{p.name}{RECORD_SUFFIX}"


def read_record(out: Path, rel: str) -> dict[str, Any] | None:
    try:
        record: dict[str, Any] = json.loads(record_path(out, rel).read_text(encoding="utf-8"))
        return record
    except (OSError, ValueError):
        return None


def remove_stale_temporaries(targets: list[Path]) -> None:
    """Temp files a killed run left beside this file's outputs (never another file's)."""
    for target in targets:
        for tmp in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
            tmp.unlink(missing_ok=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


# ---------------------------------------------------------------- the run

@dataclass
class Plan:
    todo: list[str]
    skipped: list[FileResult]


def plan(src: Path, out: Path, files: list[str], key: str, *, force: bool, retry_failed: bool) -> Plan:
    """Which files to (re)do: changed input, other options, or no complete record."""
    todo, skipped = [], []
    for rel in files:
        rec = None if force else read_record(out, rel)
        if rec and rec.get("key") == key and rec.get("sha256") == _sha256(src / rel):
            if rec.get("status") == FileStatus.DONE and not retry_failed and all(
                    (out / o).is_file() for o in rec.get("outputs", [])):
                skipped.append(FileResult(rel, FileStatus.SKIPPED, "up to date"))
                continue
            if rec.get("status") == FileStatus.FAILED and not retry_failed:
                skipped.append(FileResult(rel, FileStatus.FAILED, f"failed earlier: {rec.get('reason')} "
                                                                  "(--retry-failed tries again)"))
                continue
        if retry_failed and not (rec and rec.get("status") == FileStatus.FAILED):
            skipped.append(FileResult(rel, FileStatus.SKIPPED, "not a failure"))
            continue
        todo.append(rel)
    return Plan(todo, skipped)


def _sha256(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def waves(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


OnFile = Callable[[FileResult], None]


def run_folder(request: Request, job: Job, *, on_start: Callable[[list[str]], None] = lambda todo: None,
               on_file: OnFile = lambda r: None) -> Report:
    """The whole batch: find, plan, translate what needs it, record each file; return the report.

    Ctrl-C ends the run with `report.interrupted` set; whatever was being written is
    abandoned whole by write_atomic. Writing the report itself is the caller's (write_report).
    """
    r = request
    k, n = r.shard
    check_folders(r.src, r.out)
    found = discover(r.src, r.globs)
    clashes = colliding(found)  # before sharding, so every shard agrees on who wins
    files = [f for f in found if shard_of(f, n) == k]
    key = run_key(job, r.formats)
    todo = plan(r.src, r.out, [f for f in files if f not in clashes], key, force=r.force,
                retry_failed=r.retry_failed)
    report = Report(results=list(todo.skipped) + [
        FileResult(f, FileStatus.FAILED, f"its outputs would overwrite those of {clashes[f]}; rename one of them")
        for f in files if f in clashes])
    earlier = sum(1 for s in todo.skipped if s.status == FileStatus.FAILED)
    shard_note = f" (shard {k}/{n})" if n > 1 else ""
    note(log, f"{len(files)} file(s){shard_note}: {len(todo.todo)} to translate, "
              f"{len(todo.skipped) - earlier} up to date or skipped, {earlier} failed earlier")
    try:
        if todo.todo:
            job.load_all()
            on_start(todo.todo)
            _translate_files(r, todo.todo, job, key, report=report, on_file=on_file)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _translate_files(r: Request, todo: list[str], job: Job, key: str, *, report: Report, on_file: OnFile) -> None:
    def finish(result: FileResult, sha: str | None) -> None:
        _record(r.out, key, result, sha)
        report.results.append(result)
        on_file(result)

    for wave in waves(todo, WAVE_FILES):
        docs: dict[str, Document] = {}
        started = time.perf_counter()
        for rel in wave:
            remove_stale_temporaries([*outputs_for(r.out, rel, r.formats), record_path(r.out, rel)])
            try:
                docs[rel] = job.read(str(r.src / rel))
                docs[rel].source.path = rel
            except TranslateNewsError as e:
                reason = str(e).replace(f"{r.src / rel}: ", "")  # the report names the file already
                finish(FileResult(rel, FileStatus.FAILED, reason), _sha256(r.src / rel))
        try:
            job.translate(list(docs.values()))
        except Exception:
            for rel in list(docs):
                try:
                    job.translate([docs[rel]])
                except Exception as e:
                    finish(FileResult(rel, FileStatus.FAILED, one_line(e)), docs.pop(rel).source.sha256)
        share = (time.perf_counter() - started) / max(1, len(docs))
        for rel, doc in docs.items():
            finish(_finish_document(r, rel, doc, job, share), doc.source.sha256)


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
    return FileResult(rel, status, reason, written, doc.stats.seconds, doc.stats.sentences)


def _record(out: Path, key: str, result: FileResult, sha: str | None) -> None:
    record = {"input": result.path, "sha256": sha, "key": key, "status": result.status, "reason": result.reason,
              "outputs": result.outputs}
    try:
        write_atomic(record_path(out, result.path), json.dumps(record, ensure_ascii=False) + "\n")
    except TranslateNewsError as e:
        result.status, result.reason = FileStatus.FAILED, result.reason or str(e)


def report_path(out: Path, shard: tuple[int, int]) -> Path:
    k, n = shard
    return out / ("_report.json" if n == 1 else f"_report.shard-{k}-of-{n}.json")


def write_report(report: Report, out: Path, shard: tuple[int, int]) -> Path | None:
    """Write the report when there is a folder to hold it; return where (OutputError if it cannot)."""
    if not out.is_dir():
        return None
    path = report_path(out, shard)
    write_atomic(path, json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return path
