"""What a batch run is asked, what it found, and what it keeps: the report and the per-file records.

Beside each input's outputs a small record (written last) says which input bytes, models and
options made them; a later run skips a file whose record matches and whose outputs exist.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import time
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from translate_news.errors import ExitCode
from translate_news.jsontext import to_json
from translate_news.output import fit_name, sha256_file, write_atomic
from translate_news.render import FORMATS
from translate_news.render.data import SCHEMA_VERSION
from translate_news.settings import Settings

DEFAULT_GLOBS = ("**/*.txt", "**/*.html", "**/*.htm")  # articles as text, and saved web pages
DEFAULT_FORMATS = ("json", "markdown")
UP_TO_DATE = "up to date"  # the reason of a file an earlier run finished
RECORD_SUFFIX = ".translate-news.json"
REPORT_NAME = re.compile(r"_report(\.shard-\d+-of-\d+)?\.json\Z")
SPARE_INDEX_NAME = "_index.html"  # the batch index's name when an article's own page is index.html


def escaped(text: str) -> str:
    """Text any file or terminal can hold: a file name's non-UTF-8 bytes (U+DC80..U+DCFF from os.fsdecode) as \\xNN."""
    return re.sub("[\udc80-\udcff]", lambda m: f"\\x{ord(m[0]) - 0xDC00:02x}", text)


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
    flagged: int = 0  # of `sentences`, those a reader should check
    flagged_summary: int = 0  # summary sentences a reader should check (apart: never added to `flagged`)
    url: str | None = None  # batch --urls: the URL this result is named after

    def escaped(self) -> FileResult:
        """As the report and the screen show it (the record keeps the names as they are)."""
        return replace(self, path=escaped(self.path), reason=self.reason and escaped(self.reason),
                       outputs=[escaped(o) for o in self.outputs])


@dataclass
class Report:
    results: list[FileResult] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    interrupted: bool = False
    exit_on: int = ExitCode.INTERRUPTED  # when interrupted: 130, or 143 / 129 for SIGTERM / SIGHUP
    engine: str = "local"  # which engine translated: local or ray (runner.Engine)
    path: Path | None = None  # where runner.run wrote this report (None: not written)
    unsaved: str | None = None  # why the report could not be written: the run then counts as failed

    def count(self, status: FileStatus) -> int:
        return sum(1 for r in self.results if r.status == status)

    def flagged_files(self) -> int:
        return sum(1 for r in self.results if r.flagged or r.flagged_summary)

    @property
    def exit_code(self) -> ExitCode:
        if self.interrupted:
            return ExitCode(self.exit_on)
        return ExitCode.BATCH_FAILURES if self.count(FileStatus.FAILED) or self.unsaved else ExitCode.OK

    def to_dict(self) -> dict[str, Any]:
        seconds = time.time() - self.started
        done = [r for r in self.results if r.status == FileStatus.DONE]
        return {"schema_version": SCHEMA_VERSION, "engine": self.engine, "interrupted": self.interrupted,
                "counts": {s.value: self.count(s) for s in FileStatus}, "flagged_files": self.flagged_files(),
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
    follow_symlinks: bool = False
    wait: bool = False  # for another run to give up the output folder, rather than fail
    urls: tuple[tuple[str, str], ...] = ()  # batch --urls: (output name, URL) pairs; src is then the list file
    delay: float = 1.0  # batch --urls: seconds between two requests to one host

    @functools.cached_property
    def url_of(self) -> dict[str, str]:
        """Output name to URL (batch --urls); empty for a folder."""
        return dict(self.urls)


@dataclass
class Planned:
    todo: list[str]  # to translate, in order
    report: Report  # what needs no translating: up to date, skipped, refused, failed earlier
    key: str  # the resume key of these settings and formats


def run_key(settings: Settings, formats: tuple[str, ...]) -> str:
    """What, besides the input bytes, decides the outputs: the settings and the formats."""
    parts = [SCHEMA_VERSION, settings.cache_key(), sorted(formats)]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def outputs_for(out: Path, rel: str, formats: tuple[str, ...]) -> list[Path]:
    """Where the outputs of input `rel` go: its path with each format's extension (a hash shortens a
    name that would pass 255 bytes)."""
    stem = Path(rel).with_suffix("")
    return [out / stem.parent / (fit_name(stem.name, len(FORMATS[f].extension)) + FORMATS[f].extension)
            for f in formats]


def record_path(out: Path, rel: str) -> Path:
    p = out / rel
    return p.parent / f".{fit_name(p.name, 1 + len(RECORD_SUFFIX))}{RECORD_SUFFIX}"


def read_record(out: Path, rel: str) -> dict[str, Any] | None:
    try:
        record: dict[str, Any] = json.loads(record_path(out, rel).read_text(encoding="utf-8"))
        return record
    except (OSError, ValueError):
        return None


@dataclass
class Plan:
    todo: list[str]
    skipped: list[FileResult]


def plan(src: Path, out: Path, files: list[str], key: str, *, force: bool, retry_failed: bool) -> Plan:
    """Which files to (re)do: changed input, other options, or no complete record."""
    todo, skipped = [], []
    for rel in files:
        rec = None if force else read_record(out, rel)
        if rec and rec.get("key") == key and rec.get("sha256") == sha256_or_none(src / rel):
            if rec.get("status") == FileStatus.DONE and not retry_failed and all(
                    (out / o).is_file() for o in rec.get("outputs", [])):
                skipped.append(FileResult(rel, FileStatus.SKIPPED, UP_TO_DATE))
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


def sha256_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def report_path(out: Path, shard: tuple[int, int]) -> Path:
    k, n = shard
    return out / ("_report.json" if n == 1 else f"_report.shard-{k}-of-{n}.json")


def write_report(report: Report, out: Path, shard: tuple[int, int]) -> Path | None:
    """Write the report when there is a folder to hold it; return where (OutputError if it cannot)."""
    if not out.is_dir():
        return None
    path = report_path(out, shard)
    write_atomic(path, to_json(report.to_dict(), indent=2) + "\n")
    return path
