"""Hugging Face transformers backend: AutoTokenizer + AutoModelForSeq2SeqLM.generate()."""
from __future__ import annotations

from typing import Sequence

from translate_news.backends import Generated
from translate_news.loading import load_seq2seq

# Tokenizers of some models report a huge sentinel instead of a real limit.
_NO_LIMIT = 10**8


class HFTranslator:
    """A seq2seq model used as a sentence translator."""

    def __init__(self, name: str, device: str = "cpu", *, beams: int | None = None):
        self.name = name
        self.device = device
        self.tokenizer, self.model = load_seq2seq(name, device, "translation")
        self.max_tokens = model_limit(self.tokenizer, self.model)
        self.beams = beams or self.model.generation_config.num_beams or 1

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        # No truncation here: the point is to learn the true length.
        return [len(ids) for ids in self.tokenizer(list(texts))["input_ids"]]

    def translate_batch(self, texts: Sequence[str], *, max_new_tokens: int) -> list[Generated]:
        import torch

        enc = self.tokenizer(list(texts), return_tensors="pt", padding=True)
        if enc["input_ids"].shape[1] > self.max_tokens:  # the pipeline splits first; a bug if not
            raise ValueError(f"input of {enc['input_ids'].shape[1]} tokens exceeds {self.max_tokens}")
        enc = {k: v.to(self.model.device) for k, v in enc.items()}
        with torch.inference_mode():
            out = self.model.generate(**enc, num_beams=self.beams, do_sample=False,
                                      max_new_tokens=max_new_tokens)
        eos = self.model.generation_config.eos_token_id
        eos = set(eos) if isinstance(eos, list) else {eos}
        pad = self.model.generation_config.pad_token_id
        results = []
        for row in out.tolist():
            body = [t for t in row[1:] if t != pad]  # drop the decoder start token and padding
            hit_cap = len(body) >= max_new_tokens and not (body and body[-1] in eos)
            text = self.tokenizer.decode(row, skip_special_tokens=True).strip()
            results.append(Generated(text, hit_cap))
        return results


def model_limit(tokenizer, model) -> int:
    """Tokens the model can take, from its config (and its tokenizer, when that is lower)."""
    cfg = model.config
    limits = [getattr(cfg, k, None) for k in ("max_position_embeddings", "n_positions", "max_source_positions")]
    limits.append(getattr(tokenizer, "model_max_length", None))
    usable = [int(v) for v in limits if isinstance(v, int) and 0 < v < _NO_LIMIT]
    if not usable:
        raise ValueError(f"cannot tell the input limit of {cfg.model_type} models")
    return min(usable)
