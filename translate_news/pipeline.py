"""Segmented Document in, translated Document out: budget, batch, translate, check, repair.

Every translated sentence is checked (trust/checks.py). A sentence flagged for a failure
that decoding can cause (a loop, the length cap, nothing back, a far-off length) is decoded
once more with settings that counter it (REPAIR); the attempt with the less severe flags
wins, and a sentence that changed records its first attempt's flags. Sentences that passed
are never decoded again, so an article with no flags costs nothing more.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from translate_news.backends.base import Decoding, Translator
from translate_news.budget import split_to_budget
from translate_news.document import Document, Flag, Kind, Paragraph, Sentence, Status
from translate_news.normalize import normalize_for_mt
from translate_news.reading import arabic_share
from translate_news.settings import DEFAULT_BATCH_SIZE
from translate_news.trust.checks import check_pair
from translate_news.trust.people import name_variants

_CAP_LADDER = (32, 64, 128, 256, 512, 1024)
Progress = Callable[[int, int], None]  # (done, total)
# Flags a second decoding can cure, and how: block repeated 3-grams, penalise repeats, a wider beam.
REPAIRABLE = frozenset({"repetition", "truncated", "empty", "length-ratio"})
REPAIR = Decoding(beams=6, no_repeat_ngram_size=3, repetition_penalty=1.2)
# How bad a flag is, to choose between two attempts (a reader loses most with nothing or a loop).
SEVERITY = {"empty": 4, "truncated": 3, "repetition": 3, "echo": 3, "number-missing": 2, "number-added": 2,
            "untranslated": 2, "place-mismatch": 2, "name-missing": 2, "name-added": 2, "omission": 2,
            "length-ratio": 1, "markup": 1}


@dataclass
class _Unit:
    """One model input: a text, or a piece of one that was over the budget."""
    text: str  # the model's copy (normalised)
    tokens: int = 0
    owner: int = 0  # the index of the text it is a piece of
    urgent: bool = False  # a reader waits for it: batches of its own, decoded first
    result: str = ""
    hit_cap: bool = False


@dataclass(eq=False)  # one per paragraph: compared, and hashed, by identity
class _Ledger:
    """A paragraph on its way to the reader: its sentences still to settle, and how many of them are back."""
    doc: Document
    para: Paragraph
    waiting: int = 0  # sentences given to the model, not yet settled
    back: int = 0  # of those, translated and not yet settled


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
                    progress: Progress | None = None, decoding: Decoding | None = None,
                    urgent: bool = False) -> list[Translated]:
    """Translate each text in full: split to the model's budget, batch, reassemble. `urgent`: a
    reader waits for these; the model takes them before work asked for earlier."""
    per_text = _units(texts, translator)
    units = [u for units in per_text for u in units if u.text]
    for u in units:
        u.urgent = urgent
    for _ in _decode(units, translator, batch_size, decoding, progress):
        pass
    return [_joined(units) for units in per_text]


def _units(texts: list[str], translator: Translator) -> list[list[_Unit]]:
    """Each text as the model inputs it takes: pieces within the budget, counted once."""
    budget = input_budget(translator.max_tokens)
    tokens: dict[str, int] = {}  # model copy -> its length; splitting measures every final piece

    def count(piece: str) -> int:
        text = normalize_for_mt(piece)
        if text not in tokens:
            tokens[text] = translator.count_tokens([text])[0]
        return tokens[text]

    return [[_Unit(normalize_for_mt(p), count(p), owner=n) for p in split_to_budget(t, count, budget)]
            for n, t in enumerate(texts)]


def _joined(units: list[_Unit]) -> Translated:
    return Translated(" ".join(u.result for u in units if u.result), len(units), any(u.hit_cap for u in units))


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
    for _ in stream_documents(docs, translator, batch_size=batch_size, keep_boilerplate=keep_boilerplate,
                              progress=progress, first=0, early=False):
        pass


def stream_documents(docs: list[Document], translator: Translator, *, batch_size: int = DEFAULT_BATCH_SIZE,
                     keep_boilerplate: bool = False, progress: Progress | None = None,
                     first: int = 1, early: bool = True) -> Iterator[Paragraph]:
    """Translate, and yield each paragraph in reading order as soon as it is finished (translated,
    checked, repaired).

    The first `first` paragraphs with something to translate have batches of their own, which
    the model takes before the rest (so do the repairs), so a reader sees them at once;
    everything else keeps the length-sorted batches that make decoding fast, in the same
    model call, and a paragraph is yielded as soon as it and all before it are done. With
    `early` False (nobody is reading along) everything is checked and repaired at the end, in
    one pass. The results do not depend on the order (see generation_cap).
    """
    started = time.perf_counter()
    ledgers = [_Ledger(doc, para) for doc in docs for para in doc.paragraphs]  # in reading order
    todo, owners = _to_translate(ledgers, keep_boilerplate)
    per_sentence = _units([s.source for _, _, s in todo], translator)
    head = list(dict.fromkeys(owners))[:first]  # the first paragraphs with something to translate
    for units, ledger in zip(per_sentence, owners, strict=True):
        for u in units:
            u.urgent = ledger in head
    reader = _Reader(ledgers, todo, owners, per_sentence, translator, batch_size)
    for back in _sentences_back(per_sentence, translator, batch_size, progress):
        reader.add(back)
        if early:  # else everything is settled at the end, in one pass
            yield from reader.ready()
    reader.settle()
    yield from reader.ready()
    seconds = round(time.perf_counter() - started, 3)
    for doc in docs:
        mine = [s for d, _, s in todo if d is doc]
        doc.stats.paragraphs = len(doc.paragraphs)
        doc.stats.sentences = sum(len(p.sentences) for p in doc.paragraphs)
        doc.stats.translated_sentences = len(mine)
        doc.stats.split_sentences = sum(1 for s in mine if s.pieces > 1)
        doc.stats.translate_seconds = seconds
        doc.trust_notes = name_variants((s.source, s.translation) for s in mine)


def _to_translate(ledgers: list[_Ledger], keep_boilerplate: bool
                  ) -> tuple[list[tuple[Document, Paragraph, Sentence]], list[_Ledger]]:
    """The sentences the model must translate, each with its paragraph's ledger; the others are
    settled here (boilerplate skipped, text with no Arabic passed through)."""
    todo: list[tuple[Document, Paragraph, Sentence]] = []
    owners: list[_Ledger] = []
    for ledger in ledgers:
        para = ledger.para
        for sent in para.sentences:
            if para.kind == Kind.BOILERPLATE and not keep_boilerplate:
                sent.status = Status.SKIPPED
            elif para.kind == Kind.PASSTHROUGH or arabic_share(sent.source) == 0.0:
                sent.translation, sent.status = sent.source, Status.PASSTHROUGH
            else:
                todo.append((ledger.doc, para, sent))
                owners.append(ledger)
                ledger.waiting += 1
    return todo, owners


def _sentences_back(per_sentence: list[list[_Unit]], translator: Translator, batch_size: int,
                    progress: Progress | None) -> Iterator[list[int]]:
    """Decode every sentence's model inputs; yield the sentences wholly back, first those with
    nothing to decode (before the model starts), then after each model batch."""
    left = [sum(1 for u in units if u.text) for units in per_sentence]  # model inputs not yet back
    yield [n for n, k in enumerate(left) if k == 0]
    units = [u for units in per_sentence for u in units if u.text]
    for finished in _decode(units, translator, batch_size, None, progress):
        done = []
        for u in finished:
            left[u.owner] -= 1
            if left[u.owner] == 0:
                done.append(u.owner)
        yield done


@dataclass
class _Reader:
    """Settles the sentences that are back and hands the paragraphs on, in reading order."""
    ledgers: list[_Ledger]  # every paragraph, in reading order
    todo: list[tuple[Document, Paragraph, Sentence]]  # the sentences the model translates
    owners: list[_Ledger]  # each one's paragraph
    per_sentence: list[list[_Unit]]  # each one's model inputs
    translator: Translator
    batch_size: int
    back: list[int] = field(default_factory=list)  # sentences translated, not yet settled
    emitted: int = 0  # paragraphs handed on

    def add(self, sentences: list[int]) -> None:
        self.back += sentences
        for n in sentences:
            self.owners[n].back += 1

    def settle(self) -> None:
        """Check every sentence that is back, and decode the fixable ones once more, all together
        (each repair call is a model call of its own: few and full is fastest)."""
        _settle(self.back, self.todo, self.per_sentence, self.translator, self.batch_size)
        for n in self.back:
            self.owners[n].waiting -= 1
            self.owners[n].back -= 1
        self.back = []

    def ready(self) -> Iterator[Paragraph]:
        """The paragraphs now settled, in reading order; settling waits until the next of them is
        wholly back, so that the repairs of everything back by then share one call."""
        following = self._next()
        if following is not None and following.waiting == following.back:
            self.settle()
        while (following := self._next()) is not None and following.waiting == 0:
            self.emitted += 1
            _warn(following.doc, following.para)
            yield following.para

    def _next(self) -> _Ledger | None:
        return self.ledgers[self.emitted] if self.emitted < len(self.ledgers) else None


def _settle(indexes: list[int], todo: list[tuple[Document, Paragraph, Sentence]],
            per_sentence: list[list[_Unit]], translator: Translator, batch_size: int) -> None:
    """Check these sentences, decode the fixable ones once more, and settle each one."""
    if not indexes:
        return
    results = [_joined(per_sentence[n]) for n in indexes]
    flags = [check_pair(todo[n][2].source, r.text, hit_cap=r.hit_cap) for n, r in zip(indexes, results, strict=True)]
    first: dict[int, list[Flag]] = {}
    redo = [k for k, f in enumerate(flags) if any(x.code in REPAIRABLE for x in f)]
    if redo:  # one more attempt each, never a loop
        again = translate_texts([todo[indexes[k]][2].source for k in redo], translator, batch_size=batch_size,
                                decoding=REPAIR, urgent=True)  # ahead of the rest of a stream
        for k, result in zip(redo, again, strict=True):
            retry = check_pair(todo[indexes[k]][2].source, result.text, hit_cap=result.hit_cap)
            if severity(retry) < severity(flags[k]):
                first[k], results[k], flags[k] = flags[k], result, retry
    for k, n in enumerate(indexes):
        sent, res = todo[n][2], results[k]
        sent.translation, sent.pieces, sent.flags, sent.hit_cap = res.text, res.pieces, flags[k], res.hit_cap
        sent.first_flags = first.get(k)
        sent.status = Status.SUSPECT if sent.flags else Status.SPLIT if res.pieces > 1 else Status.OK


def _warn(doc: Document, para: Paragraph) -> None:
    """A paragraph's flagged sentences into its document's warnings, in reading order (whatever
    order they were settled in)."""
    for sent in para.sentences:
        if sent.flags:
            doc.warnings.append(f"sentence at character {sent.start}: "
                                + "; ".join(f"{f.code}: {f.reason}" for f in sent.flags))


def severity(flags: list[Flag]) -> int:
    return sum(SEVERITY.get(f.code, 1) for f in flags)


def _decode(units: list[_Unit], translator: Translator, batch_size: int, decoding: Decoding | None,
            progress: Progress | None) -> Iterator[list[_Unit]]:
    """Decode `units` in length-sorted batches; yield the units of each batch as it is done.
    Urgent units have batches of their own, decoded first."""
    if not units:
        return
    caps = [generation_cap(u.tokens, translator.max_tokens) for u in units]
    # Length-sorted batches waste little on padding; a batch never mixes caps.
    order = sorted(range(len(units)), key=lambda i: (not units[i].urgent, caps[i], units[i].tokens))
    batches: list[list[int]] = []
    for i in order:
        last = batches[-1][0] if batches else None
        if (last is not None and len(batches[-1]) < batch_size and caps[last] == caps[i]
                and units[last].urgent == units[i].urgent):
            batches[-1].append(i)
        else:
            batches.append([i])
    done = 0
    first = sum(1 for b in batches if units[b[0]].urgent)
    results_per_batch = translator.translate_batches([[units[i].text for i in b] for b in batches],
                                                     [caps[b[0]] for b in batches], decoding=decoding, urgent=first)
    for batch, results in zip(batches, results_per_batch, strict=True):
        for i, res in zip(batch, results, strict=True):
            units[i].result, units[i].hit_cap = res.text, res.hit_cap
        done += len(batch)
        if progress:
            progress(done, len(units))
        yield [units[i] for i in batch]
