"""`translate-news bench`: prepare the models, time each in-process path and the real command."""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from translate_news.bench.command import time_command
from translate_news.bench.models import ARTICLE, ENGLISH, bench_models
from translate_news.bench.paths import SUMMARY_INPUT, time_path
from translate_news.notes import note

log = logging.getLogger(__name__)


def run_bench(*, tiny: bool = False, naive: bool = True, fast: bool = False, device: str = "auto",
              article: Path | None = None, preset: str = "fast", runs: int = 1) -> dict[str, Any]:
    """Prepare the models (build, convert), run each path in a fresh process, then the real
    command `runs` times; collect the figures."""
    from translate_news.backends.devices import usable_cores
    from translate_news.backends.factory import open_summarizer, open_translator
    from translate_news.backends.loading import prepare_environment
    from translate_news.document import Kind
    from translate_news.errors import UsageError
    from translate_news.reading import read_source
    from translate_news.segment import segment

    prepare_environment(offline=True)
    models = bench_models(tiny=tiny, preset=preset)
    if naive and models.native:
        note(log, f"--preset {preset}: the naive transformers path cannot run CTranslate2 models; left out")
        naive = False
    article = article or ARTICLE
    doc = segment(read_source(str(article)))
    paragraphs = [[s.source for s in p.sentences] for p in doc.paragraphs if p.kind == Kind.CONTENT]
    if not paragraphs:
        raise UsageError(f"{article} has no Arabic paragraph to translate (all of it is boilerplate or English)")
    note(log, "loading each model once first (a first CTranslate2 use converts it)")
    summarizer = open_summarizer(models.summary, device)
    open_translator(models.translation, device)
    open_translator(models.back, device, target_lang="ara")
    words, summary_input = (ENGLISH * 40).split(), ""
    for n in range(len(words), 0, -8):  # the longest prefix of the sample within SUMMARY_INPUT tokens
        summary_input = " ".join(words[:n])
        if summarizer.count_tokens([summary_input])[0] <= min(SUMMARY_INPUT, summarizer.max_tokens):
            break
    job = {"translation": models.translation, "summary": models.summary, "back": models.back,
           "random": models.random, "device": device, "fast": fast, "paragraphs": paragraphs,
           "summary_input": summary_input, "back_input": [s + "." for s in ENGLISH.split(". ") if s.strip()]}
    report: dict[str, Any] = {
        "models": {"translation": models.translation, "summary": models.summary, "back_translation": models.back,
                   "random_weights": models.random, "tiny": tiny, "fast": fast, "preset": preset},
        "machine": {"cores": usable_cores(), "python": sys.version.split()[0]},
        "article": {"paragraphs": len(paragraphs), "sentences": sum(map(len, paragraphs)),
                    "summary_input_tokens": summarizer.count_tokens([summary_input])[0]},
        "paths": {}}
    del summarizer
    for path in ("default", "naive") if naive else ("default",):
        note(log, f"timing the {path} path" + (" (one sentence at a time: slow)" if path == "naive" else ""))
        report["paths"][path] = time_path({**job, "path": path})
    d = report["paths"]["default"]
    d["tokens_per_s"] = round(d["target_tokens"] / d["translation_s"], 1) if d["translation_s"] else None
    if naive:
        n = report["paths"]["naive"]
        n["tokens_per_s"] = round(n["target_tokens"] / n["translation_s"], 1) if n["translation_s"] else None
        report["speedup"] = {"end_to_end": round(n["total_s"] / d["total_s"], 2),
                             "translation": round(n["translation_s"] / d["translation_s"], 2),
                             "summary": round(n["summary_s"] / d["summary_s"], 2)}
    note(log, f"timing the real command, streamed and to a file ({runs} run(s) each)")
    report["command"] = time_command(article, models.translation, " ".join(paragraphs[0]), device=device, fast=fast,
                                     runs=runs)
    return report
