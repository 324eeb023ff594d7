"""Translating a folder of articles: resumable, failure-isolated, shardable, nothing lost.

Every output is written atomically, and a small record beside it (written last) says which
input bytes, models and options made it; a later run skips a file whose record matches.
One bad file is recorded and the run goes on. Models load once per run (job.py), and the
sentences of several files share model batches. Memory is bounded by one wave of files.

One run at a time per output folder: a run holds an advisory lock (flock) on
OUT/.translate-news.lock, which names its process; a second run exits 75, or waits with
--wait. The kernel drops the lock when its process dies, so a killed run leaves no stale lock
(the file stays: deleting it would let two runs lock two different files). Shards (--shard
K/N) write disjoint files and separate reports, so they share the folder lock and each also
holds .translate-news.shard-K-of-N.lock; a whole run and a shard never run together. A run
whose OUT is removed or replaced under it (the lock file gone) stops (folders.Holding).

Outputs never collide with the tool's own files: hidden inputs are skipped, so no output
name starts with '.' as records (.NAME.translate-news.json), temporaries (.NAME.RANDOM.tmp)
and locks do; an input whose output would be a report (_report.json or
_report.shard-K-of-N.json, whatever this run's shard) or, with html pages, the spare index
(_index.html) fails with a reason instead. A name too long for those additions gets a
shortened one ending in a hash (output.fit_name), so every name that exists can be translated.

Symbolic links to files outside the input folder are skipped (reported) unless
--follow-symlinks; loops and broken links are always skipped, and reported. File names that
are not UTF-8 are kept as os.fsdecode gives them (U+DC80..U+DCFF for the odd bytes) to open
files, and shown with those bytes as \\xNN in reports, documents and messages.

Engines: the waves run in this process (runner.LocalEngine) or on a Ray cluster's workers
(ray_engine.RayEngine, --engine ray, the ray extra); the plan, the per-wave work, the records
and the report are the same code either way, so either engine resumes the other's run.

The library call is `run(request, settings, engine, observer) -> Report`: it holds the output
folder, plans, runs the engine, and writes the index (with html) and the report; the observer
hears of each file (the CLI attaches its progress bar and notes there).

The package: records.py (the request, the report, the per-file records), folders.py (finding
inputs, holding the output folder), urls.py (planning --urls), runner.py (run: the plan, the
engine, the index and the report; the local engine), wave.py (one wave's work, which both
engines run), index.py (the index page), ray_engine.py (the Ray engine; imports ray only when used).
"""
from translate_news.batch.folders import OutputBusy, discover, locked, parse_shard, shard_of
from translate_news.batch.records import (
    DEFAULT_FORMATS,
    DEFAULT_GLOBS,
    FileResult,
    FileStatus,
    Report,
    Request,
    read_record,
    record_path,
    report_path,
    write_report,
)
from translate_news.batch.runner import Engine, LocalEngine, Observer, Unobserved, run, run_folder

__all__ = ["DEFAULT_FORMATS", "DEFAULT_GLOBS", "Engine", "FileResult", "FileStatus", "LocalEngine", "Observer",
           "OutputBusy", "Report", "Request", "Unobserved", "discover", "locked", "parse_shard", "read_record",
           "record_path", "report_path", "run", "run_folder", "shard_of", "write_report"]
