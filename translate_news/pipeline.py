"""Segmented Document in, translated Document out: budget, batch, translate, check, repair.

Every translated sentence is checked (trust/checks.py). A sentence flagged for a failure
that decoding can cause (a loop, the length cap, nothing back, a far-off length) is decoded
once more with settings that counter it (REPAIR); the attempt with the less severe flags
wins, and a sentence that changed records its first attempt's flags. Sentences that passed
are never decoded again, so an article with no flags costs nothing more.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from translate_news.backends import Decoding, Translator
from translate_news.budget import split_to_budget
from translate_news.document import Document, Flag, Kind, Sentence, Status
from translate_news.normalize import normalize_for_mt
from translate_news.reading import arabic_share
from translate_news.settings import DEFAULT_BATCH_SIZE
from translate_news.trust.checks import check_pair

_CAP_LADDER = (32, 64, 128, 256, 512, 1024)
Progress = Callable[[int, int], None]  # (done, total)
# Flags a second decoding can cure, and how: block repeated 3-grams, penalise repeats, a wider beam.
REPAIRABLE = frozenset({"repetition", "truncated", "empty", "length-ratio"})
REPAIR = Decoding(beams=6, no_repeat_ngram_size=3, repetition_penalty=1.2)
# How bad a flag is, to choose between two attempts (a reader loses most with nothing or a loop).
SEVERITY = {"empty": 4, "truncated": 3, "repetition": 3, "echo": 3, "number-missing": 2, "number-added": 2,
            "untranslated": 2, "length-ratio": 1, "markup": 1}


@dataclass
class _Unit:
    """One model input: a text, or a piece of one that was over the budget."""
    text: str  # the model's copy (normalised)
    tokens: int = 0
    result: str = ""
    hit_cap: bool = False


@dataclass(frozen=True)
class Translated:
    text: str
    pieces: int  # >1: the source was over the budget and translated in pieces
    hit_cap: bool  # a piece stopped at the length cap


def input_budget(max_tokens: int) -> int:
    """Tokens one model input may have.

    Half the model's positions: Marian's decoder shares the same position table, so the
    English (usually longer than the Arabic) must fit in what is left.
    """
    return max(8, max_tokens // 2)


def generation_cap(tokens: int, max_tokens: int) -> int:
    """max_new_tokens for an input of `tokens` tokens.

    It depends on that input alone, never on its batch-mates, so a sentence translates the
    same whatever batch it lands in. At least twice the input plus 16, rounded up to a
    power of two so that few caps exist and batches stay full (finer steps left the
    example article in batches of one or two); a sentence that ends on its own never
    reaches its cap. Bounded by the decoder's positions (one is the start token).
    """
    want = 2 * tokens + 16
    cap = next((step for step in _CAP_LADDER if step >= want), want)
    return max(1, min(max_tokens - 1, cap))


def translate_texts(texts: list[str], translator: Translator, *, batch_size: int = DEFAULT_BATCH_SIZE,
                    progress: Progress | None = None, decoding: Decoding | None = None) -> list[Translated]:
    """Translate each text in full: split to the model's budget, batch, reassemble."""
    budget = input_budget(translator.max_tokens)
    tokens: dict[str, int] = {}  # model copy -> its length; splitting measures every final piece

    def count(piece: str) -> int:
        text = normalize_for_mt(piece)
        if text not in tokens:
            tokens[text] = translator.count_tokens([text])[0]
        return tokens[text]

    per_text = [[_Unit(normalize_for_mt(p), count(p)) for p in split_to_budget(t, count, budget)] for t in texts]
    _run_batches([u for units in per_text for u in units if u.text], translator, batch_size, progress, decoding)
    return [Translated(" ".join(u.result for u in units if u.result), len(units), any(u.hit_cap for u in units))
            for units in per_text]


def translate_document(doc: Document, translator: Translator, *, batch_size: int = DEFAULT_BATCH_SIZE,
                       keep_boilerplate: bool = False,
                       progress: Progress | None = None) -> Document:
    """Fill in every sentence's translation and status; return `doc`."""
    translate_documents([doc], translator, batch_size=batch_size, keep_boilerplate=keep_boilerplate,
                        progress=progress)
    return doc


def translate_documents(docs: list[Document], translator: Translator, *, batch_size: int = DEFAULT_BATCH_SIZE,
                        keep_boilerplate: bool = False,
                        progress: Progress | None = None) -> None:
    """Translate several documents at once: their sentences share model batches.

    A folder of short articles then keeps the model as busy as one long article; the
    results are the same as one document at a time (see generation_cap).
    """
    started = time.perf_counter()
    todo: list[tuple[Document, Sentence]] = []
    for doc in docs:
        for para in doc.paragraphs:
            for sent in para.sentences:
                if para.kind == Kind.BOILERPLATE and not keep_boilerplate:
                    sent.status = Status.SKIPPED
                elif para.kind == Kind.PASSTHROUGH or arabic_share(sent.source) == 0.0:
                    sent.translation, sent.status = sent.source, Status.PASSTHROUGH
                else:
                    todo.append((doc, sent))

    results = translate_texts([s.source for _, s in todo], translator, batch_size=batch_size, progress=progress)
    flags = [check_pair(s.source, r.text, hit_cap=r.hit_cap) for (_, s), r in zip(todo, results, strict=True)]
    first: dict[int, list[Flag]] = {}
    redo = [i for i, f in enumerate(flags) if any(x.code in REPAIRABLE for x in f)]
    if redo:  # one more attempt each, never a loop
        again = translate_texts([todo[i][1].source for i in redo], translator, batch_size=batch_size,
                                decoding=REPAIR)
        for i, result in zip(redo, again, strict=True):
            retry = check_pair(todo[i][1].source, result.text, hit_cap=result.hit_cap)
            if severity(retry) < severity(flags[i]):
                first[i], results[i], flags[i] = flags[i], result, retry
    for i, ((doc, sent), res) in enumerate(zip(todo, results, strict=True)):
        sent.translation, sent.pieces, sent.flags = res.text, res.pieces, flags[i]
        sent.first_flags = first.get(i)
        sent.status = Status.SUSPECT if sent.flags else Status.SPLIT if res.pieces > 1 else Status.OK
        if sent.flags:
            doc.warnings.append(f"sentence at character {sent.start}: "
                                + "; ".join(f"{f.code}: {f.reason}" for f in sent.flags))
    seconds = round(time.perf_counter() - started, 3)
    for doc in docs:
        mine = [s for d, s in todo if d is doc]
        doc.stats.paragraphs = len(doc.paragraphs)
        doc.stats.sentences = sum(len(p.sentences) for p in doc.paragraphs)
        doc.stats.translated_sentences = len(mine)
        doc.stats.split_sentences = sum(1 for s in mine if s.pieces > 1)
        doc.stats.translate_seconds = seconds


def severity(flags: list[Flag]) -> int:
    return sum(SEVERITY.get(f.code, 1) for f in flags)


def _run_batches(units: list[_Unit], translator: Translator, batch_size: int,
                 progress: Progress | None, decoding: Decoding | None) -> None:
    if not units:
        return
    caps = [generation_cap(u.tokens, translator.max_tokens) for u in units]
    # Length-sorted batches waste little on padding; a batch never mixes caps.
    order = sorted(range(len(units)), key=lambda i: (caps[i], units[i].tokens))
    batches: list[list[int]] = []
    for i in order:
        if batches and len(batches[-1]) < batch_size and caps[batches[-1][0]] == caps[i]:
            batches[-1].append(i)
        else:
            batches.append([i])
    done = 0
    results_per_batch = translator.translate_batches([[units[i].text for i in b] for b in batches],
                                                     [caps[b[0]] for b in batches], decoding=decoding)
    for batch, results in zip(batches, results_per_batch, strict=True):
        for i, res in zip(batch, results, strict=True):
            units[i].result, units[i].hit_cap = res.text, res.hit_cap
        done += len(batch)
        if progress:
            progress(done, len(units))
