"""batch --urls: a list of URLs instead of a folder, one output set per URL, resumable.

Each URL's outputs are named from it (pages.names.output_name: HOST/SLUG-HASH), so a rerun
finds them again; the report gives each name's URL. A URL whose record says done and whose
outputs exist is skipped without a request (a page changes little once published, and a
batch that refetched everything could not resume); --force fetches again, --retry-failed
retries the failures. Requests go one at a time, at least --delay seconds apart per host.
"""
from __future__ import annotations

import logging

from translate_news.batch.folders import remove_stale_temporaries, shard_of
from translate_news.batch.records import (
    UP_TO_DATE,
    FileResult,
    FileStatus,
    Planned,
    Report,
    Request,
    outputs_for,
    read_record,
    record_path,
    report_path,
    run_key,
)
from translate_news.errors import TranslateNewsError
from translate_news.notes import note
from translate_news.pages.names import output_name
from translate_news.pages.sniff import check_url
from translate_news.settings import Settings

log = logging.getLogger(__name__)


def url_pairs(urls: list[str]) -> tuple[tuple[str, str], ...]:
    """(output name, URL) for each URL, in the list's order; URLs that differ only by their fragment name
    the same page, which is fetched once (the first one listed)."""
    pairs: dict[str, str] = {}
    for u in urls:
        pairs.setdefault(output_name(u), u)
    return tuple(pairs.items())


def plan_urls(request: Request, settings: Settings) -> Planned:
    """Which URLs to fetch: not done before with these settings, or asked again (--force, --retry-failed)."""
    r = request
    k, n = r.shard
    names = [name for name, _ in r.urls if shard_of(name, n) == k]
    key = run_key(settings, r.formats)
    remove_stale_temporaries(r.out, None if n == 1 else {report_path(r.out, r.shard)} | {
        t for name in names for t in [*outputs_for(r.out, name, r.formats), record_path(r.out, name)]})
    todo, results = [], []
    for name in names:
        url = r.url_of[name]
        try:
            check_url(url)
        except TranslateNewsError as e:
            results.append(FileResult(name, FileStatus.FAILED, str(e), url=url))
            continue
        rec = None if r.force else read_record(r.out, name)
        rec = rec if rec and rec.get("key") == key else {}  # other settings: the old outputs do not count
        status = rec.get("status")
        if status == FileStatus.DONE and not r.retry_failed and all(
                (r.out / o).is_file() for o in rec.get("outputs", [])):
            results.append(FileResult(name, FileStatus.SKIPPED, UP_TO_DATE, url=url))
        elif status == FileStatus.FAILED and not r.retry_failed:
            reason = rec.get("reason")
            results.append(FileResult(name, FileStatus.FAILED, f"failed earlier: {reason} (--retry-failed tries "
                                                              "again)", url=url))
        elif r.retry_failed and status != FileStatus.FAILED:
            results.append(FileResult(name, FileStatus.SKIPPED, "not a failure", url=url))
        else:
            todo.append(name)
    failed = sum(1 for x in results if x.status == FileStatus.FAILED)
    shard_note = f" (shard {k}/{n})" if n > 1 else ""
    note(log, f"{len(names)} URL(s){shard_note}: {len(todo)} to fetch and translate, "
              f"{len(results) - failed} up to date or skipped, {failed} failed or refused")
    return Planned(todo, Report(results=results), key)
