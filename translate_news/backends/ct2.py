"""CTranslate2 backend: converted models, tokenized with sentencepiece or tokenizers directly.

Neither torch nor transformers is imported here: once a model is converted (convert.py), a
run loads in a fraction of a second. A model published in CTranslate2's format (native.py)
runs through the same code, with what generation needs read from its own files. Decoding
mirrors the transformers backend: the same tokens in (Marian: SentencePiece pieces plus
'</s>'; BART: the tokenizer's '<s> ... </s>'), the same special tokens dropped on the way out,
the same beams and length settings.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from translate_news.backends.base import Backend, Decoding, Generated
from translate_news.backends.convert import META
from translate_news.backends.devices import cpu_threads
from translate_news.backends.hf import target_prefix
from translate_news.backends.native import native_meta
from translate_news.backends.plan import CPU_STEP_COST, plan_chunks
from translate_news.backends.queue import NORMAL, URGENT, Job, JobQueue

GPU_STEP_COST = 32.0  # a GPU step costs about the same for 1 or 16 sentences: fill the jobs (not measured here)


class _Model:
    """A converted (or CTranslate2-native) model folder, loaded, with its tokenizer."""

    def __init__(self, folder: Path, device: str, kind: str):
        import ctranslate2

        if (folder / META).is_file():
            self.meta = json.loads((folder / META).read_text(encoding="utf-8"))
        else:
            self.meta = native_meta(folder)
        ct2_device, _, index = device.partition(":")
        if ct2_device == "cpu":
            workers, threads = cpu_threads(kind)
            compute = self.meta["quantization"]
        else:
            workers, threads, compute = 1, 1, "float16"
        self.translator = ctranslate2.Translator(
            str(folder), device=ct2_device, device_index=int(index or 0), compute_type=compute,
            inter_threads=workers, intra_threads=threads)
        self.queue = JobQueue(self.translator.num_translators)
        if self.meta["tokenizer"] == "sentencepiece":
            import sentencepiece

            source, target = self.meta.get("spm_files", ("source.spm", "target.spm"))
            self.spm_source = sentencepiece.SentencePieceProcessor(model_file=str(folder / source))
            self.spm_target = (self.spm_source if self.meta["decode_with_source_spm"] else
                               sentencepiece.SentencePieceProcessor(model_file=str(folder / target)))
            self.tokenizer = None
        else:
            from tokenizers import Tokenizer

            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.special = set(self.meta["special_tokens"])
        # The pipeline counts a text's tokens, then translates it: tokenize it once. A plain
        # dict, not lru_cache on a bound method: that cycle kept a deleted model in memory.
        self._tokens: dict[str, list[str]] = {}

    def count(self, text: str) -> int:
        """Input tokens as the model sees them: ours, and those CTranslate2 adds from its config."""
        return len(self.tokenize(text)) + int(self.meta.get("runtime_added_tokens", 0))

    def tokenize(self, text: str) -> list[str]:
        tokens = self._tokens.get(text)
        if tokens is None:
            if len(self._tokens) >= 4096:  # a long batch run: forget the finished articles
                self._tokens.clear()
            tokens = self._tokens[text] = self._tokenize(text)
        return tokens

    def _tokenize(self, text: str) -> list[str]:
        if self.tokenizer is not None:
            return list(self.tokenizer.encode(text).tokens)  # its post-processor adds <s> ... </s>
        code = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:  # as MarianTokenizer does
            code, text = [text[:end + 2]], text[end + 2:]
        eos = [self.meta["eos_token"]] if self.meta.get("append_eos", True) else []  # native: see native.py
        return code + self.spm_source.encode(text, out_type=str) + eos

    def detokenize(self, tokens: list[str]) -> str:
        if self.tokenizer is not None:
            ids = [self.tokenizer.token_to_id(t) for t in tokens]
            return str(self.tokenizer.decode([i for i in ids if i is not None], skip_special_tokens=True)).strip()
        kept = [t for t in tokens if t not in self.special]
        return str(self.spm_target.decode_pieces(kept)).replace("\u2581", " ").strip()

    def generate(self, batches: Sequence[Sequence[str]], caps: Sequence[int], *, beams: int, min_new_tokens: int = 1,
                 lengths: Sequence[Sequence[int]] | None = None, urgent: int = 0,
                 **options: Any) -> Iterator[list[Generated]]:
        """Decode every batch, yield the results batch by batch, in order.

        The sentences are regrouped into jobs for the workers (plan.py); sentences with
        different caps never share one. Those of the first `urgent` batches get jobs of their
        own, which the workers take before any other (queue.py); a worker they leave free
        starts on the rest at once.
        `lengths` forces output lengths (see Translator).
        """
        prefix = self.meta["forced_bos_token"]
        eos = self.meta["eos_token"]
        items = [(b, t) for b, texts in enumerate(batches) for t in texts]
        tokens = [self.tokenize(t) for _, t in items]
        # Marian's forced end token takes the last position
        high = [max(1, caps[b] - 1) if self.meta["forced_eos"] else caps[b] for b, _ in items]
        wanted = [n for batch in lengths for n in batch] if lengths else [len(t) for t in tokens]
        cuda = self.translator.device == "cuda"
        split = sum(map(len, batches[:urgent]))  # the urgent batches' items come first

        def plan(lo: int, hi: int) -> list[list[int]]:
            jobs = plan_chunks(wanted[lo:hi], high[lo:hi], workers=1 if cuda else self.translator.num_translators,
                               max_size=max(map(len, batches), default=1),
                               step_cost=GPU_STEP_COST if cuda else CPU_STEP_COST)
            return [[lo + i for i in job] for job in jobs]

        jobs = plan(0, split) + plan(split, len(items))
        translator = self.translator  # the jobs must not hold self: a dropped model is freed at once

        def start(job: list[int]) -> Callable[[], list[Any]]:
            cap = high[job[0]]  # a job never mixes caps
            if lengths:  # forced: the job runs as long as its longest member wants
                low = cap = min(cap, max(wanted[i] for i in job))
            else:
                low = min(min_new_tokens, cap)
            return lambda: translator.translate_batch(
                [tokens[i] for i in job], target_prefix=[[prefix]] * len(job) if prefix else None,
                asynchronous=True, beam_size=beams, max_decoding_length=cap,
                min_decoding_length=low, return_end_token=True,
                max_input_length=0, **options)  # 0: never truncate; the pipeline splits long input

        queued: list[Job] = []
        where: dict[int, tuple[Job, int]] = {}  # item -> its job, its place there
        for members in jobs:
            job = Job(start(members))
            queued.append(job)
            where.update((i, (job, k)) for k, i in enumerate(members))
            self.queue.add(job, URGENT if members[0] < split else NORMAL)
        try:
            first = 0  # the first item of the batch
            for texts in batches:
                done = []
                for i in range(first, first + len(texts)):
                    job, k = where[i]
                    out = self.queue.wait(job)[k].result().hypotheses[0]
                    ended = bool(out) and out[-1] == eos
                    text = out[1:] if prefix and out[:1] == [prefix] else out
                    done.append(Generated(self.detokenize(text), not ended and len(out) >= high[i], len(out)))
                first += len(texts)
                yield done
        finally:
            self.queue.drop(queued)


class CT2Translator:
    """A converted Marian model used as a sentence translator (see HFTranslator)."""

    def __init__(self, folder: Path, name: str, device: str = "cpu", *, beams: int | None = None,
                 target_lang: str | None = None):
        self.name = name
        self.device = device
        self.backend: str = Backend.CTRANSLATE2
        self.model = _Model(folder, device, "translation")
        self.max_tokens = self.model.meta["max_tokens"]
        self.beams = beams or self.model.meta["num_beams"]
        self.prefix = target_prefix(self.model.meta["language_codes"], target_lang) if target_lang else ""

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [self.model.count(self.prefix + t) for t in texts]

    def translate_batches(self, batches: Sequence[Sequence[str]], caps: Sequence[int], *,
                          lengths: Sequence[Sequence[int]] | None = None,
                          decoding: Decoding | None = None, urgent: int = 0) -> Iterator[list[Generated]]:
        texts = [[self.prefix + t for t in batch] for batch in batches]
        d = decoding or Decoding()
        return self.model.generate(texts, caps, beams=d.beams or self.beams, lengths=lengths, urgent=urgent,
                                   no_repeat_ngram_size=d.no_repeat_ngram_size,
                                   repetition_penalty=d.repetition_penalty)

    def translate_batch(self, texts: Sequence[str], *, max_new_tokens: int) -> list[Generated]:
        return next(iter(self.translate_batches([texts], [max_new_tokens])))


class CT2Summarizer:
    """A converted BART summarizer with the model's own beam settings (see HFSummarizer)."""

    def __init__(self, folder: Path, name: str, device: str = "cpu", *, beams: int | None = None):
        self.name = name
        self.device = device
        self.backend: str = Backend.CTRANSLATE2
        self.model = _Model(folder, device, "summary")
        self.max_tokens = self.model.meta["max_tokens"]
        default = self.model.meta["num_beams"]
        self.beams = beams or (default if default > 1 else 4)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [self.model.count(t) for t in texts]

    def summarize(self, text: str, *, min_new_tokens: int, max_new_tokens: int) -> str:
        meta = self.model.meta
        tokens = self.count_tokens([text])[0]
        if tokens > self.max_tokens:  # the caller chunks first; a bug if not
            raise ValueError(f"input of {tokens} tokens exceeds {self.max_tokens}")
        max_new_tokens = max(1, min(max_new_tokens, self.max_tokens - 1))
        (result,) = next(self.model.generate(
            [[text]], [max_new_tokens], beams=self.beams, min_new_tokens=min_new_tokens,
            length_penalty=meta["length_penalty"], no_repeat_ngram_size=meta["no_repeat_ngram_size"]))
        return result.text
