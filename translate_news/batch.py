"""Translating a folder of articles: resumable, failure-isolated, shardable, nothing lost.

Every output is written atomically, and a small record beside it (written last) says which
input bytes, models and options made it; a later run skips a file whose record matches.
One bad file is recorded and the run goes on. Models load once per run, and the sentences
of several files share model batches. Memory is bounded by one wave of files.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from translate_news.errors import ExitCode, TranslateNewsError
from translate_news.output import write_atomic
from translate_news.render import SCHEMA_VERSION, render_document

EXTENSIONS = {"json": ".json", "markdown": ".md", "text": ".txt", "jsonl": ".jsonl"}
DEFAULT_GLOBS = ("**/*.txt",)
DEFAULT_FORMATS = ("json", "markdown")
RECORD_SUFFIX = ".translate-news.json"
WAVE_FILES = 16  # files whose sentences share model batches; bounds memory too


class BatchUsageError(TranslateNewsError):
    exit_code = ExitCode.USAGE


@dataclass
class FileResult:
    path: str  # relative to the input folder, '/'-separated
    status: str  # done | skipped | failed
    reason: str | None = None
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    sentences: int = 0


@dataclass
class Report:
    results: list[FileResult] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return ExitCode.INTERRUPTED
        return ExitCode.BATCH_FAILURES if self.count("failed") else ExitCode.OK

    def to_dict(self) -> dict:
        seconds = time.time() - self.started
        done = [r for r in self.results if r.status == "done"]
        return {"schema_version": SCHEMA_VERSION, "interrupted": self.interrupted,
                "counts": {s: self.count(s) for s in ("done", "skipped", "failed")},
                "seconds": round(seconds, 3),
                "sentences_per_second": round(sum(r.sentences for r in done) / seconds, 2) if seconds else 0.0,
                "files": [asdict(r) for r in sorted(self.results, key=lambda r: r.path)]}


# ---------------------------------------------------------------- discovery

def glob_regex(pattern: str) -> re.Pattern:
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
    raise BatchUsageError(f"--shard must be K/N with 1 <= K <= N, not '{value}'")


def check_folders(src: Path, out: Path) -> None:
    from translate_news.errors import InputNotFound

    if not src.is_dir():
        raise InputNotFound(f"{src}: no such folder")
    a, b = src.resolve(), out.resolve()
    if a == b or a in b.parents or b in a.parents:
        raise BatchUsageError(f"the input folder {src} and the output folder {out} overlap; "
                              "choose an output folder outside the input")


# ---------------------------------------------------------------- records (resume)

def run_key(settings, formats: tuple[str, ...]) -> str:
    """What, besides the input bytes, decides the outputs."""
    parts = {"schema": SCHEMA_VERSION, "formats": sorted(formats), "mt": settings.mt_model,
             "beams": settings.beams, "fast": settings.fast, "backend": settings.backend,
             "boilerplate": settings.keep_boilerplate,
             "summary": [settings.summary, settings.summary_model, settings.back_model,
                         settings.summary_lang, list(settings.summary_length)] if settings.summary else None}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def outputs_for(out: Path, rel: str, formats: tuple[str, ...]) -> list[Path]:
    stem = Path(rel).with_suffix("")
    return [out / (stem.as_posix() + EXTENSIONS[f]) for f in formats]


def record_path(out: Path, rel: str) -> Path:
    p = out / rel
    return p.parent / f".{p.name}{RECORD_SUFFIX}"


def read_record(out: Path, rel: str) -> dict | None:
    try:
        return json.loads(record_path(out, rel).read_text(encoding="utf-8"))
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
            if rec.get("status") == "done" and not retry_failed and all(
                    (out / o).is_file() for o in rec.get("outputs", [])):
                skipped.append(FileResult(rel, "skipped", "up to date"))
                continue
            if rec.get("status") == "failed" and not retry_failed:
                skipped.append(FileResult(rel, "failed", f"failed earlier: {rec.get('reason')} "
                                                         "(--retry-failed tries again)"))
                continue
        if retry_failed and not (rec and rec.get("status") == "failed"):
            skipped.append(FileResult(rel, "skipped", "not a failure"))
            continue
        todo.append(rel)
    return Plan(todo, skipped)


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def waves(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def run_batch(src: Path, out: Path, todo: list[str], engines, settings, *, formats: tuple[str, ...],
              key: str, encoding: str | None, report: Report,
              on_file: Callable[[FileResult], None] = lambda r: None) -> Report:
    """Translate `todo` (relative paths under `src`) into `out`, recording each file.

    KeyboardInterrupt is not caught here: the caller reports and exits 130. Whatever was
    being written is abandoned whole by write_atomic.
    """
    from translate_news.pipeline import translate_documents
    from translate_news.reading import read_source
    from translate_news.segment import segment

    for wave in waves(todo, WAVE_FILES):
        docs, started = {}, time.perf_counter()
        for rel in wave:
            remove_stale_temporaries(outputs_for(out, rel, formats) + [record_path(out, rel)])
            try:
                docs[rel] = segment(read_source(str(src / rel), encoding=encoding))
                docs[rel].source.path = rel
            except TranslateNewsError as e:
                reason = str(e).replace(f"{src / rel}: ", "")  # the report names the file already
                _finish(out, rel, key, report, on_file, FileResult(rel, "failed", reason), sha=_sha256(src / rel))
        try:
            translate_documents(list(docs.values()), engines.translator, batch_size=settings.batch_size,
                                keep_boilerplate=settings.keep_boilerplate)
        except Exception:
            # One file's text broke the model: redo the wave file by file to find it.
            for rel in list(docs):
                try:
                    translate_documents([docs[rel]], engines.translator, batch_size=settings.batch_size,
                                        keep_boilerplate=settings.keep_boilerplate)
                except Exception as e:
                    _finish(out, rel, key, report, on_file, FileResult(rel, "failed", _reason(e)),
                            sha=docs[rel].source.sha256)
                    del docs[rel]
        share = (time.perf_counter() - started) / max(1, len(docs))
        for rel, doc in docs.items():
            _finish_document(out, rel, doc, engines, settings, formats, key, report, on_file, share)
    return report


def _finish_document(out, rel, doc, engines, settings, formats, key, report, on_file, share) -> None:
    from translate_news.summary import summarize_document

    started = time.perf_counter()
    doc.models = {"translation": settings.mt_model, "device": engines.translator.device}
    reason = None
    if settings.summary:
        try:
            summarize_document(doc, engines.summarizer, engines.back, length=settings.summary_length,
                               langs=settings.summary_lang, batch_size=settings.batch_size)
            doc.models["summary"] = settings.summary_model
            if engines.back is not None:
                doc.models["back_translation"] = settings.back_model
        except Exception as e:  # the translation is still written; the file counts as failed
            reason = f"summary: {_reason(e)}"
            doc.summary = None
            doc.warnings.append(f"summary: not written: {_reason(e)}")
    doc.stats["seconds"] = round(share + time.perf_counter() - started, 3)
    written = []
    try:
        for fmt, target in zip(formats, outputs_for(out, rel, formats)):
            write_atomic(target, render_document(doc, fmt))
            written.append(target.relative_to(out).as_posix())
    except TranslateNewsError as e:
        reason = str(e)
    result = FileResult(rel, "failed" if reason else "done", reason, written, doc.stats["seconds"],
                        doc.stats.get("sentences", 0))
    _finish(out, rel, key, report, on_file, result, sha=doc.source.sha256)


def _finish(out: Path, rel: str, key: str, report: Report, on_file, result: FileResult, *, sha: str | None) -> None:
    record = {"input": rel, "sha256": sha, "key": key, "status": result.status, "reason": result.reason,
              "outputs": result.outputs}
    try:
        write_atomic(record_path(out, rel), json.dumps(record, ensure_ascii=False) + "\n")
    except TranslateNewsError as e:
        result.status, result.reason = "failed", result.reason or str(e)
    report.results.append(result)
    on_file(result)


def _reason(e: BaseException) -> str:
    text = str(e) if isinstance(e, TranslateNewsError) else f"{type(e).__name__}: {e}"
    return " ".join(text.split())[:300]


def report_path(out: Path, shard: tuple[int, int]) -> Path:
    k, n = shard
    return out / ("_report.json" if n == 1 else f"_report.shard-{k}-of-{n}.json")
