"""The default path and the naive transformers pattern, each in its own process, so that import
time, load time and peak memory are its own:

- default: the engines as `translate-news` drives them (the backend `--backend auto` picks,
  the pipeline's length-sorted batches, the models' own beams), without the job layer: no
  trust checks or repairs, one summarize() call (the real command, timed from outside by
  command.py, is the whole run);
- naive: what a plain transformers user writes: one sentence per generate() call, beam 4,
  fp32, on the CPU.

Both translate the same article, summarize the same English text and back-translate the
same summary sentences. With random weights every output is forced to a realistic length
(1.2 target tokens per source token, 100 for the summary): speed does not depend on the
weights, but such numbers say nothing about quality.
"""
from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from translate_news.backends.base import Decoding, Generated, Translator

TARGET_RATIO = 1.2  # target tokens per source token when lengths are forced
SUMMARY_INPUT = 700  # tokens of English the summarizer reads
SUMMARY_TOKENS = 100


class _Measured:
    """A Translator that counts generated tokens, and forces lengths for random weights.

    Forced: each sentence wants 1.2x its input, as real translations of Arabic news run
    (random weights would otherwise stop anywhere); sentences the backend decodes together
    run as long as the longest of them wants.
    """

    def __init__(self, inner: Translator, *, force: bool):
        self.inner, self.force, self.tokens = inner, force, 0
        self.name, self.device, self.backend = inner.name, inner.device, inner.backend
        self.max_tokens = inner.max_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(texts)

    def translate_batches(self, batches: Sequence[Sequence[str]], caps: Sequence[int], *,
                          lengths: Sequence[Sequence[int]] | None = None,
                          decoding: Decoding | None = None, urgent: int = 0) -> Iterator[list[Generated]]:
        wanted = [[min(cap, math.ceil(TARGET_RATIO * n)) for n in self.count_tokens(b)]
                  for b, cap in zip(batches, caps, strict=True)]
        runs = self.inner.translate_batches(batches, caps, lengths=wanted if self.force else None, decoding=decoding,
                                            urgent=urgent)
        for results, w in zip(runs, wanted, strict=True):
            # Count each sentence's own tokens, not the padding its batch-mates forced on it.
            self.tokens += sum(min(g.length, want) if self.force else g.length
                               for g, want in zip(results, w, strict=True))
            yield results


def _translate(translator: _Measured, sentences: list[str], *, naive: bool) -> None:
    from translate_news.pipeline import generation_cap, translate_texts

    if not naive:
        translate_texts(sentences, translator)
        return
    for s in sentences:  # one generate() call per sentence
        cap = generation_cap(translator.count_tokens([s])[0], translator.max_tokens)
        list(translator.translate_batches([[s]], [cap]))


def _work(job: dict[str, Any]) -> dict[str, Any]:
    """Run one path; times are seconds, the first one from the process start the parent recorded."""
    from translate_news.backends.loading import prepare_environment

    prepare_environment(offline=True)
    naive, force = job["path"] == "naive", job["random"]
    out: dict[str, Any] = {"path": job["path"]}
    mark = time.time()

    def lap(key: str) -> None:
        nonlocal mark
        now = time.time()
        out[key] = round(now - mark, 3)
        mark = now

    translator = _Measured(_open_translator(job, job["translation"]), force=force)
    out["backend"] = translator.backend
    lap("translation_load_s")
    if not naive:  # the first paragraph alone, as a stream starts: its cost at realistic lengths, no repair
        _translate(translator, job["paragraphs"][0], naive=False)
        lap("first_paragraph_decode_s")
        translator.tokens = 0
    _translate(translator, [s for p in job["paragraphs"] for s in p], naive=naive)
    lap("translation_s")
    out["target_tokens"] = translator.tokens
    del translator

    # As a one-off `translate-news` run does: the translator goes, the summarizer and the
    # back-translator come in together.
    summarizer = _open_summarizer(job, job["summary"])
    lap("summary_load_s")
    back = _Measured(_open_translator(job, job["back"], target_lang="ara"), force=force)
    lap("back_load_s")
    low, high = (SUMMARY_TOKENS, SUMMARY_TOKENS) if force else (56, 142)
    summarizer.summarize(job["summary_input"], min_new_tokens=low, max_new_tokens=high)
    lap("summary_s")
    _translate(back, job["back_input"], naive=naive)
    lap("back_translation_s")
    out["total_s"] = round(time.time() - job["started"], 3)
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def _peak_rss_mb() -> int:
    """This process's peak resident memory. Not ru_maxrss: Linux carries that across exec, so a
    child would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _engine(job: dict[str, Any]) -> tuple[str, str, int | None]:
    """(backend, device, beams) for a path: the naive one is plain transformers, fp32, beam 4, CPU."""
    if job["path"] == "naive":
        return "transformers", "cpu", 4
    return "auto", job["device"], 1 if job["fast"] else None


def _open_translator(job: dict[str, Any], name: str, target_lang: str | None = None) -> Translator:
    from translate_news.backends.factory import open_translator

    backend, device, beams = _engine(job)
    return open_translator(name, device, backend=backend, beams=beams, target_lang=target_lang)


def _open_summarizer(job: dict[str, Any], name: str) -> Any:
    from translate_news.backends.factory import open_summarizer

    backend, device, beams = _engine(job)
    return open_summarizer(name, device, backend=backend, beams=beams)


def worker() -> None:
    """Entry point of a path's process: a job as JSON on stdin, figures as JSON on stdout."""
    job = json.loads(sys.stdin.read())
    json.dump(_work(job), sys.stdout)


def time_path(job: dict[str, Any]) -> dict[str, Any]:
    """Run one path in a fresh process; its figures."""
    job["started"] = time.time()
    r = subprocess.run([sys.executable, "-c", "from translate_news.bench.paths import worker; worker()"], check=False,
                       input=json.dumps(job), capture_output=True, text=True)
    if r.returncode != 0:
        tail = " ".join(r.stderr.strip().splitlines()[-1:]) or f"exit {r.returncode}"
        raise RuntimeError(f"the {job['path']} path failed: {tail}")
    figures: dict[str, Any] = json.loads(r.stdout)
    return figures


