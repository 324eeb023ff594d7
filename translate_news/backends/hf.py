"""Hugging Face transformers backend: AutoTokenizer + AutoModelForSeq2SeqLM.generate()."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from translate_news.backends.base import Backend, Decoding, Generated
from translate_news.backends.loading import load_seq2seq
from translate_news.errors import ModelUnavailable

# Tokenizers of some models report a huge sentinel instead of a real limit.
_NO_LIMIT = 10**8


class HFTranslator:
    """A seq2seq model used as a sentence translator.

    Args:
        target_lang: for multi-target models (vocabularies with `>>xxx<<` tokens, such as
            opus-mt-en-ar), the language code to put in front of every input.
    """

    def __init__(self, name: str, device: str = "cpu", *, beams: int | None = None,
                 target_lang: str | None = None):
        self.name = name
        self.device = device
        self.backend: str = Backend.TRANSFORMERS
        self.tokenizer, self.model = load_seq2seq(name, device)
        self.max_tokens = model_limit(self.tokenizer, self.model)
        self.beams = beams or self.model.generation_config.num_beams or 1
        self.prefix = target_prefix(self.tokenizer.get_vocab(), target_lang) if target_lang else ""

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        # No truncation here: the point is to learn the true length.
        return [len(ids) for ids in self.tokenizer([self.prefix + t for t in texts])["input_ids"]]

    def translate_batches(self, batches: Sequence[Sequence[str]], caps: Sequence[int], *,
                          lengths: Sequence[Sequence[int]] | None = None,
                          decoding: Decoding | None = None, urgent: int = 0) -> Iterator[list[Generated]]:
        """One batch after another, in order, so the urgent ones come first anyway (torch
        already uses every core within a batch)."""
        for n, (texts, cap) in enumerate(zip(batches, caps, strict=True)):
            if lengths:  # forced: the batch runs as long as its longest member
                yield self.translate_batch(texts, max_new_tokens=min(cap, max(lengths[n])), exact=True,
                                           decoding=decoding)
            else:
                yield self.translate_batch(texts, max_new_tokens=cap, decoding=decoding)

    def translate_batch(self, texts: Sequence[str], *, max_new_tokens: int, exact: bool = False,
                        decoding: Decoding | None = None) -> list[Generated]:
        """Out of GPU memory, the batch is halved (results do not depend on the batch), and a
        single sentence that still does not fit moves the model to the CPU."""
        import torch

        try:
            return self._generate(texts, max_new_tokens, exact, decoding or Decoding())
        except torch.OutOfMemoryError:
            if self.device != "cpu" and torch.cuda.is_available():
                torch.cuda.empty_cache()
            if len(texts) > 1:
                half = len(texts) // 2
                return (self.translate_batch(texts[:half], max_new_tokens=max_new_tokens, exact=exact,
                                             decoding=decoding) +
                        self.translate_batch(texts[half:], max_new_tokens=max_new_tokens, exact=exact,
                                             decoding=decoding))
            if self.device == "cpu":
                raise
            self.model.to(device="cpu", dtype=torch.float32)
            self.device = "cpu"
            return self._generate(texts, max_new_tokens, exact, decoding or Decoding())

    def _generate(self, texts: Sequence[str], max_new_tokens: int, exact: bool, decoding: Decoding) -> list[Generated]:
        import torch

        enc = self.tokenizer([self.prefix + t for t in texts], return_tensors="pt", padding=True)
        if enc["input_ids"].shape[1] > self.max_tokens:  # the pipeline splits first; a bug if not
            raise ValueError(f"input of {enc['input_ids'].shape[1]} tokens exceeds {self.max_tokens}")
        enc = {k: v.to(self.model.device) for k, v in enc.items()}
        with torch.inference_mode():
            out = self.model.generate(**enc, num_beams=decoding.beams or self.beams, do_sample=False,
                                      max_new_tokens=max_new_tokens, min_new_tokens=max_new_tokens if exact else None,
                                      no_repeat_ngram_size=decoding.no_repeat_ngram_size or None,
                                      repetition_penalty=decoding.repetition_penalty)
        pad = self.model.generation_config.pad_token_id
        results = []
        for row in out.tolist():
            body = [t for t in row[1:] if t != pad]  # drop the decoder start token and padding
            # Every position used: the cap was hit. The last token may still be the end token,
            # because Marian's forced_eos_token_id writes one there when the cap is reached.
            hit_cap = len(body) >= max_new_tokens
            text = self.tokenizer.decode(row, skip_special_tokens=True).strip()
            results.append(Generated(text, hit_cap, len(body)))
        return results


def model_limit(tokenizer: Any, model: Any) -> int:
    """Tokens the model can take, from its config (and its tokenizer, when that is lower)."""
    cfg = model.config
    limits = [getattr(cfg, k, None) for k in ("max_position_embeddings", "n_positions", "max_source_positions")]
    limits.append(getattr(tokenizer, "model_max_length", None))
    usable = [int(v) for v in limits if isinstance(v, int) and 0 < v < _NO_LIMIT]
    if not usable:
        raise ModelUnavailable(f"cannot tell the input limit of {cfg.model_type} models")
    return min(usable)


def target_prefix(vocabulary: Iterable[str], lang: str) -> str:
    """'>>ara<< ' when the model's vocabulary declares target-language tokens, else ''.

    Multi-target OPUS-MT models (opus-mt-en-ar among them) need a sentence-initial target
    token, per their model cards; a plain one-target model has no such tokens and needs none.
    """
    codes = sorted(t for t in vocabulary if t.startswith(">>") and t.endswith("<<"))
    if not codes:
        return ""
    wanted = f">>{lang}<<"
    if wanted in codes:
        return wanted + " "
    family = [c for c in codes if c[2:4] == lang[:2]]  # e.g. >>arz<< when >>ara<< is absent
    if family:
        return family[0] + " "
    raise ModelUnavailable(f"the model needs a target-language token but has none for '{lang}' "
                           f"(it has {', '.join(codes[:8])})")


class HFSummarizer:
    """A seq2seq summarizer (BART and friends), with deterministic beam search."""

    def __init__(self, name: str, device: str = "cpu", *, beams: int | None = None):
        self.name = name
        self.device = device
        self.backend: str = Backend.TRANSFORMERS
        self.tokenizer, self.model = load_seq2seq(name, device)
        self.max_tokens = model_limit(self.tokenizer, self.model)
        g = self.model.generation_config
        self.beams = beams or (g.num_beams if g.num_beams and g.num_beams > 1 else 4)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self.tokenizer(list(texts))["input_ids"]]

    def summarize(self, text: str, *, min_new_tokens: int, max_new_tokens: int) -> str:
        import torch

        enc = self.tokenizer([text], return_tensors="pt")
        if enc["input_ids"].shape[1] > self.max_tokens:  # the caller chunks first; a bug if not
            raise ValueError(f"input of {enc['input_ids'].shape[1]} tokens exceeds {self.max_tokens}")
        enc = {k: v.to(self.model.device) for k, v in enc.items()}
        max_new_tokens = max(1, min(max_new_tokens, self.max_tokens - 1))
        with torch.inference_mode():
            # min_length/max_length=None: the config's CNN lengths (56/142) must not override ours
            out = self.model.generate(**enc, num_beams=self.beams, do_sample=False,
                                      min_new_tokens=min(min_new_tokens, max_new_tokens),
                                      max_new_tokens=max_new_tokens, min_length=0, max_length=None)
        return str(self.tokenizer.decode(out[0], skip_special_tokens=True)).strip()


def load_problem(folder: Path) -> str | None:
    """Why a model folder's config or tokenizer does not load, or None (weights are not loaded)."""
    from transformers import AutoConfig, AutoTokenizer

    try:
        AutoConfig.from_pretrained(folder, local_files_only=True, trust_remote_code=False)
        AutoTokenizer.from_pretrained(folder, local_files_only=True, trust_remote_code=False)
    except Exception as e:
        return f"config or tokenizer does not load: {type(e).__name__}: {str(e)[:150]}"
    return None
