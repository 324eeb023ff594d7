"""`translate-news bench`: the default path against the naive transformers pattern, measured.

Each path runs in its own process, so import time, load time and peak memory are its own:

- default: what `translate-news` does (the backend `--backend auto` picks, the pipeline's
  length-sorted batches, the models' own beams);
- naive: what a plain transformers user writes: one sentence per generate() call, beam 4,
  fp32, on the CPU.

Both translate the same article, summarize the same English text and back-translate the
same summary sentences. When the preset's real models are not installed, random-weight
models of their exact architectures (the published configs, builders.py) are built once,
and every output is forced to a realistic length (1.2 target tokens per source token, 100
for the summary): speed does not depend on the weights, but such numbers say nothing about
quality, and the report says so. `--preset quickmt` builds its models in CTranslate2's own
format, as quickmt publishes them; the naive path cannot run those (transformers cannot
load them), so it is left out.
"""
from __future__ import annotations

import json
import logging
import math
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate_news.backends import Decoding, Generated, Translator
from translate_news.notes import note

log = logging.getLogger(__name__)
BUILD = 3  # bump when the random models change, so they are built again
TARGET_RATIO = 1.2  # target tokens per source token when lengths are forced
SUMMARY_INPUT = 700  # tokens of English the summarizer reads
SUMMARY_TOKENS = 100
ENGLISH = ("Officials said the attack on the base injured five soldiers and damaged two buildings. "
           "The government said it would announce a new plan to protect the border next week. "
           "Oil prices rose on Monday after the talks in Cairo ended without an agreement. ")
ARTICLE = Path(__file__).parent / "data" / "example-article.txt"


@dataclass(frozen=True)
class Models:
    translation: str
    summary: str
    back: str
    random: bool  # random weights of the real architectures: lengths are forced
    native: bool = False  # the translation models are in CTranslate2's format: no naive path


# The presets whose random-weight stand-ins bench can build: translation and back-translation
# as (name, shape, language tokens); "marian" is opus-mt's shape, "quickmt" quickmt's, in
# CTranslate2's format. opus-mt-en-ar is multi-target (>>ara<<); quickmt's models are not.
RANDOM_SHAPES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "fast": (("opus-mt-ar-en", "marian", ()), ("opus-mt-en-ar", "marian", (">>ara<<",))),
    "quickmt": (("quickmt-ar-en", "quickmt", ()), ("quickmt-en-ar", "quickmt", ()))}


# ---------------------------------------------------------------- models


def bench_models(*, tiny: bool, preset: str = "fast") -> Models:
    """The preset's models when installed, else random-weight ones of their shapes (built once)."""
    from translate_news.catalog import registry, store
    from translate_news.errors import UsageError

    chosen = registry.presets().get(preset)
    if chosen is None:
        raise UsageError(f"unknown --preset '{preset}': use {', '.join(registry.presets())}")
    native = chosen.translation.native or chosen.back_translation.native
    if not tiny and all(store.find_installed(e) for e in chosen.entries()):
        return Models(store.resolve(chosen.translation.hub_id), store.resolve(chosen.summary.hub_id),
                      store.resolve(chosen.back_translation.hub_id), random=False, native=native)
    if preset not in RANDOM_SHAPES:
        raise UsageError(f"bench has no random-weight stand-ins for --preset {preset}: pull its models first "
                         f"(translate-news models pull --preset {preset}), or use {' or '.join(RANDOM_SHAPES)}")
    translation, back = RANDOM_SHAPES[preset]
    root = _build(tiny, [translation, back, ("distilbart-cnn-12-6", "bart", ())])
    return Models(str(root / translation[0]), str(root / "distilbart-cnn-12-6"), str(root / back[0]), random=True,
                  native=native)


def _build(tiny: bool, wanted: list[tuple[str, str, tuple[str, ...]]]) -> Path:
    """Build the random-weight models not built yet; the folder holding them all."""
    from translate_news.backends import builders
    from translate_news.backends.convert import converted_root
    from translate_news.catalog.layout import has_model

    root = converted_root().parent / "bench-models" / f"{'tiny' if tiny else 'full'}-v{BUILD}"
    corpus = [*ARTICLE.read_text(encoding="utf-8").splitlines(), *ENGLISH.split(". ")] * 3
    for name, shape, codes in wanted:
        folder = root / name
        if has_model(folder):
            continue
        note(log, f"building a random-weight {name} ({'tiny shape' if tiny else 'its real shape'}) in {folder}")
        if shape == "bart":
            # the real summarizer's window, so the summary input is the real size
            builders.tiny_bart(folder, max_positions=1024) if tiny else builders.full_bart(folder)
        elif shape == "quickmt":
            builders.tiny_native(folder) if tiny else builders.full_quickmt(folder, corpus=corpus)
        elif tiny:
            builders.tiny_marian(folder, language_codes=codes)
        else:
            builders.full_marian(folder, corpus=corpus, language_codes=codes)
    return root


# ---------------------------------------------------------------- one path, in its own process


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
                          decoding: Decoding | None = None) -> Iterator[list[Generated]]:
        wanted = [[min(cap, math.ceil(TARGET_RATIO * n)) for n in self.count_tokens(b)]
                  for b, cap in zip(batches, caps, strict=True)]
        runs = self.inner.translate_batches(batches, caps, lengths=wanted if self.force else None, decoding=decoding)
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
    if job["path"] == "first":  # a one-off run: process start to the first paragraph translated
        _translate(translator, job["paragraphs"][0], naive=False)
        return {"first_paragraph_s": round(time.time() - job["started"], 3)}
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
    from translate_news.backends import open_translator

    backend, device, beams = _engine(job)
    return open_translator(name, device, backend=backend, beams=beams, target_lang=target_lang)


def _open_summarizer(job: dict[str, Any], name: str) -> Any:
    from translate_news.backends import open_summarizer

    backend, device, beams = _engine(job)
    return open_summarizer(name, device, backend=backend, beams=beams)


def worker() -> None:
    """Entry point of a path's process: a job as JSON on stdin, figures as JSON on stdout."""
    job = json.loads(sys.stdin.read())
    json.dump(_work(job), sys.stdout)


# ---------------------------------------------------------------- the run


def run_bench(*, tiny: bool = False, naive: bool = True, fast: bool = False, device: str = "auto",
              article: Path | None = None, preset: str = "fast") -> dict[str, Any]:
    """Prepare the models (build, convert), run each path in a fresh process, collect figures."""
    from translate_news.backends import open_summarizer, open_translator
    from translate_news.backends.devices import usable_cores
    from translate_news.backends.loading import prepare_environment
    from translate_news.document import Kind
    from translate_news.reading import read_source
    from translate_news.segment import segment

    prepare_environment(offline=True)
    models = bench_models(tiny=tiny, preset=preset)
    if naive and models.native:
        note(log, f"--preset {preset}: the naive transformers path cannot run CTranslate2 models; left out")
        naive = False
    doc = segment(read_source(str(article or ARTICLE)))
    paragraphs = [[s.source for s in p.sentences] for p in doc.paragraphs if p.kind == Kind.CONTENT]
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
        report["paths"][path] = _spawn({**job, "path": path})
    d = report["paths"]["default"]
    d.update(_spawn({**job, "path": "first"}))
    d["tokens_per_s"] = round(d["target_tokens"] / d["translation_s"], 1) if d["translation_s"] else None
    if naive:
        n = report["paths"]["naive"]
        n["tokens_per_s"] = round(n["target_tokens"] / n["translation_s"], 1) if n["translation_s"] else None
        report["speedup"] = {"end_to_end": round(n["total_s"] / d["total_s"], 2),
                             "translation": round(n["translation_s"] / d["translation_s"], 2),
                             "summary": round(n["summary_s"] / d["summary_s"], 2)}
    return report


def _spawn(job: dict[str, Any]) -> dict[str, Any]:
    job["started"] = time.time()
    r = subprocess.run([sys.executable, "-c", "from translate_news.bench import worker; worker()"], check=False,
                       input=json.dumps(job), capture_output=True, text=True)
    if r.returncode != 0:
        tail = " ".join(r.stderr.strip().splitlines()[-1:]) or f"exit {r.returncode}"
        raise RuntimeError(f"the {job['path']} path failed: {tail}")
    figures: dict[str, Any] = json.loads(r.stdout)
    return figures


ROWS = [("translation: model load, s", "translation_load_s"), ("translation, s", "translation_s"),
        ("  target tokens", "target_tokens"), ("  target tokens per s", "tokens_per_s"),
        ("summary: model load, s", "summary_load_s"), ("summary, s", "summary_s"),
        ("back-translation: model load, s", "back_load_s"), ("back-translation, s", "back_translation_s"),
        ("first paragraph, s from process start", "first_paragraph_s"),
        ("end to end, s from process start", "total_s"), ("peak memory, MB", "peak_rss_mb")]
# The goals for the full-size default preset on a 2-core CPU (beam 4).
TARGETS = [("end to end <= 8 s", "total_s", 8.0, "max"), ("translation >= 450 tokens/s", "tokens_per_s", 450, "min"),
           ("summary <= 3.5 s", "summary_s", 3.5, "max"), ("peak memory <= 600 MB", "peak_rss_mb", 600, "max"),
           ("first paragraph <= 1 s", "first_paragraph_s", 1.0, "max")]


def format_report(r: dict[str, Any]) -> str:
    m, a, paths = r["models"], r["article"], r["paths"]
    if m["random_weights"]:
        names = ", ".join(Path(m[k]).name for k in ("translation", "summary", "back_translation"))
        what = ("RANDOM-WEIGHT models of " + ("TINY test shapes" if m["tiny"] else
                f"the exact {names} architectures") +
                "; output lengths forced to 1.2x the source (sentences decoded together all run as long as "
                "the longest; a real CTranslate2 run drops each sentence when it ends) and 100 summary tokens. "
                "These figures measure speed only, never quality.")
    else:
        what = (f"the installed {m.get('preset', 'fast')} preset: " +
                ", ".join([m["translation"], m["summary"], m["back_translation"]]))
    lines = [f"translate-news bench on {r['machine']['cores']} core(s), Python {r['machine']['python']}",
             f"models: {what}",
             f"article: {a['sentences']} sentences in {a['paragraphs']} paragraphs; "
             f"summary input {a['summary_input_tokens']} tokens", ""]
    heads = [f"default ({paths['default']['backend']}{', --fast' if m.get('fast') else ''})"]
    if "naive" in paths:
        heads += ["naive (transformers)", "naive / default"]
    lines.append(f"{'':40}" + "".join(f"{h:>24}" for h in heads))
    for label, key in ROWS:
        cells = [paths["default"].get(key)]
        if "naive" in paths:
            n, d = paths["naive"].get(key), paths["default"].get(key)
            ratio = None
            if key == "tokens_per_s" and n and d:
                ratio = f"{d / n:.1f}x"
            elif isinstance(n, (int, float)) and isinstance(d, (int, float)) and d and key.endswith("_s"):
                ratio = f"{n / d:.1f}x"
            cells += [n, ratio]
        lines.append(f"{label:40}" + "".join(f"{'-' if c is None else c:>24}" for c in cells))
    lines.append("")
    d = paths["default"]
    for label, key, goal, kind in TARGETS:
        v = d.get(key)
        ok = v is not None and (v <= goal if kind == "max" else v >= goal)
        lines.append(f"  {'met ' if ok else 'MISSED'}  {label}: {v}")
    if "speedup" in r:
        ok = r["speedup"]["end_to_end"] >= 12
        x = r["speedup"]["end_to_end"]
        lines.append(f"  {'met ' if ok else 'MISSED'}  end to end >= 12x the naive pattern: {x}x")
    lines.append("(the targets are for the full-size default (fast) preset on a 2-core CPU)")
    return "\n".join(lines) + "\n"
