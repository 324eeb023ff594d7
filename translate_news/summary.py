"""An abstractive English summary of the whole translation, and its Arabic rendering.

Long articles are summarized map-reduce: chunks cut at paragraph, then sentence, then word
boundaries that fit the summarizer's input limit are summarized one by one, and the joined
partial summaries are summarized again until they fit. Nothing is truncated.
"""
from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass

from translate_news.backends.base import Summarizer, Translator
from translate_news.budget import split_to_budget
from translate_news.document import Document, Kind, Summary, SummaryStats
from translate_news.normalize import ascii_digits
from translate_news.pipeline import Progress, translate_texts
from translate_news.segment import sentence_spans
from translate_news.settings import LENGTHS
from translate_news.trust.support import support_summary

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Reduction:
    text: str
    chunks: int  # chunks the article was cut into at the first level (1: it fit)
    levels: int  # summarization passes, the final one included
    input_tokens: int


Stage = Callable[[str], AbstractContextManager[Progress]]  # a progress bar per named stage


@contextlib.contextmanager
def _no_stage(description: str) -> Iterator[Progress]:
    yield lambda done, total: None


def summarize_text(paragraphs: list[str], summarizer: Summarizer, *, min_new: int, max_new: int,
                   stage: Stage = _no_stage) -> Reduction:
    """Summarize `paragraphs` (English) with any window size, map-reduce when needed.

    Termination: chunks are packed greedily, so any two neighbours together exceed the
    limit, and each partial summary gets at most a quarter of the limit in tokens; k >= 2
    chunks of a text longer than the limit therefore yield at most k/4 of the limit, which is
    less than the text. Retokenizing can add a little, so a level that does not shrink is
    redone with half the partial length.
    """
    limit = summarizer.max_tokens

    def count(text: str) -> int:
        return summarizer.count_tokens([text])[0]

    units = [p for p in paragraphs if p.strip()]
    text = " ".join(units)
    input_tokens = size = count(text)
    first_chunks, levels = 1, 0
    while size > limit:
        chunks = pack(units, count, limit)
        partial_max = max(1, min(max_new, limit // 4))
        while True:
            partials = []
            with stage(f"summarizing, level {levels + 1}: {len(chunks)} chunks") as progress:
                for i, chunk in enumerate(chunks):
                    partials.append(summarizer.summarize(chunk, min_new_tokens=min(min_new, partial_max // 2),
                                                         max_new_tokens=partial_max))
                    progress(i + 1, len(chunks))
            shorter = " ".join(p for p in partials if p)
            shorter_size = count(shorter)
            if shorter_size < size or partial_max == 1:
                break
            partial_max //= 2
        if shorter_size >= size:
            raise RuntimeError("the summarizer cannot shorten this text")
        if levels == 0:
            first_chunks = len(chunks)
        levels += 1
        units, text, size = [p for p in partials if p], shorter, shorter_size
    with stage("summarizing" if levels == 0 else f"summarizing, level {levels + 1}: the final pass") as progress:
        final = summarizer.summarize(text, min_new_tokens=min_new, max_new_tokens=max_new)
        progress(1, 1)
    return Reduction(final, first_chunks, levels + 1, input_tokens)


def pack(units: list[str], count: Callable[[str], int], limit: int) -> list[str]:
    """Join units into as few chunks of at most `limit` tokens as greedy packing gives.

    A unit over the limit is cut at its sentence ends first, then between words.
    """
    pieces: list[str] = []
    for unit in units:
        if count(unit) <= limit:
            pieces.append(unit)
            continue
        for a, b in sentence_spans(unit):
            sentence = unit[a:b]
            pieces.extend(p.strip() for p in split_to_budget(sentence, count, limit) if p.strip())
    chunks: list[str] = []
    for piece in pieces:
        if chunks and count(chunks[-1] + " " + piece) <= limit:
            chunks[-1] += " " + piece
        else:
            chunks.append(piece)
    return chunks


def back_translate(summary_en: str, translator: Translator, *, batch_size: int,
                   stage: Stage = _no_stage) -> str:
    """The Arabic rendering, sentence by sentence (never the whole summary as one input)."""
    sentences = [summary_en[a:b] for a, b in sentence_spans(summary_en)]
    with stage("Arabic summary") as progress:
        results = translate_texts(sentences, translator, batch_size=batch_size, progress=progress)
    return " ".join(r.text for r in results if r.text)


def unverified_numbers(summary: str, reference: str) -> list[str]:
    """Numbers in `summary` found nowhere in `reference` (digits normalised, '2,500' == '2500').

    Abstractive summarizers invent figures; these are the ones a reader must check.
    """
    def norm(n: str) -> str:
        return n.replace(",", "")

    known = {norm(n) for n in _NUMBER.findall(ascii_digits(reference))}
    out: list[str] = []
    for n in _NUMBER.findall(ascii_digits(summary)):
        if norm(n) not in known and n not in out:
            out.append(n)
    return out


def summarize_document(doc: Document, summarizer: Summarizer, back: Translator | None, *,
                       length: tuple[int, int] = LENGTHS["medium"], langs: str = "both",
                       batch_size: int = 16, stage: Stage = _no_stage) -> Document:
    """Fill doc.summary and doc.stats.summary.

    Only content paragraphs are summarized: boilerplate and passthrough are left out.
    `back` may be None when `langs` is 'en'.
    """
    started = time.perf_counter()
    english = [p.translation for p in doc.paragraphs if p.kind == Kind.CONTENT and p.translation]
    if not english:
        doc.summary = None
        doc.warnings.append("summary: nothing to summarize (no translated content paragraphs)")
        return doc
    reduced = summarize_text(english, summarizer, min_new=length[0], max_new=length[1], stage=stage)
    summary = Summary()
    if langs in ("en", "both"):
        summary.en = reduced.text
    if langs in ("ar", "both"):
        if back is None:
            raise ValueError("an Arabic summary needs the back-translation model")
        summary.ar = back_translate(reduced.text, back, batch_size=batch_size, stage=stage)
    translation = "\n".join(p.english or "" for p in doc.paragraphs if p.kind != Kind.BOILERPLATE)
    summary.unverified_numbers = unverified_numbers(reduced.text, translation)
    summary.sentences = support_summary(doc, reduced.text)
    for n in summary.unverified_numbers:
        doc.warnings.append(f"summary: the number {n} appears nowhere in the translation; check it")
    doc.summary = summary
    doc.stats.summary = SummaryStats(reduced.chunks, reduced.levels, reduced.input_tokens,
                                     round(time.perf_counter() - started, 3))
    return doc
