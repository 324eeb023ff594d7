"""Loading seq2seq models with transformers, safely, and once while they are in use.

Remote code is never run, a local directory never touches the network, and availability is
checked (catalog.hub) before torch is imported.
"""
from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from typing import Any

from translate_news.catalog.hub import check_available, offline_mode
from translate_news.errors import ModelUnavailable


def prepare_environment(*, offline: bool, verbose: bool = False) -> None:
    """Set what the HF stack reads at import time; call before importing transformers."""
    if offline:
        os.environ["HF_HUB_OFFLINE"] = "1"
    if not verbose:  # the libraries' own warnings stay off the terminal unless --verbose
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_VERBOSITY", "error")
    # Otherwise a .bin-only hub repo starts a background thread that talks to the hub's
    # safetensors conversion service, a network call nobody asked for.
    os.environ.setdefault("DISABLE_SAFETENSORS_CONVERSION", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class _WhileInUse:
    """Like functools.cache, but holding what it loaded weakly: a model two users share loads once,
    and one nobody holds any more (a Job's dropped translator) is freed, not kept for the process.
    `__wrapped__` loads afresh, bypassing the cache, as functools' does."""

    def __init__(self, load: Callable[[str, str], tuple[Any, Any]]):
        self.__wrapped__ = load
        self._tokenizers: weakref.WeakValueDictionary[tuple[str, str], Any] = weakref.WeakValueDictionary()
        self._models: weakref.WeakValueDictionary[tuple[str, str], Any] = weakref.WeakValueDictionary()

    def __call__(self, name: str, device: str) -> tuple[Any, Any]:
        key = (name, device)
        tokenizer, model = self._tokenizers.get(key), self._models.get(key)
        if tokenizer is None or model is None:
            tokenizer, model = self.__wrapped__(name, device)
            self._tokenizers[key], self._models[key] = tokenizer, model
        return tokenizer, model

    def cache_clear(self) -> None:
        self._tokenizers.clear()
        self._models.clear()


def _load_seq2seq(name: str, device: str) -> tuple[Any, Any]:
    """Load (tokenizer, model) for `name` on `device`.

    Raises:
        ModelUnavailable: not cached while offline, unknown id, or unreadable files (exit 69).
    """
    ref, cached = check_available(name)
    import warnings

    import transformers
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    if cached:  # keep the hub's download bar for a first download, but not "Loading weights"
        transformers.utils.logging.disable_progress_bar()
    kwargs: dict[str, Any] = {"local_files_only": ref.local or cached or offline_mode(), "trust_remote_code": False}
    if ref.revision:
        kwargs["revision"] = ref.revision
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. MarianTokenizer's sacremoses advice
            tokenizer = AutoTokenizer.from_pretrained(ref.name, **kwargs)
            model = AutoModelForSeq2SeqLM.from_pretrained(ref.name, **kwargs)
    except Exception as e:
        raise ModelUnavailable(f"cannot load model '{name}': {_reason(e)}") from None
    check_generation_config(name, model.generation_config)
    model.eval()
    import torch

    if device == "cpu":
        from translate_news.backends.devices import torch_threads

        torch.set_num_threads(torch_threads())
    else:  # half precision on a GPU: about twice the speed at no measurable cost
        half = torch.bfloat16 if device.startswith("cuda") and torch.cuda.is_bf16_supported() else torch.float16
        model.to(device=device, dtype=half)
    return tokenizer, model


# generation_config.json's decoding fields that the backends use, and the values that make sense:
# transformers loads any JSON value, so "many" beams or a 1e308 penalty would fail (or allocate
# without bound) in the middle of a translation. (low, high), both inclusive.
_INT_FIELDS = {"num_beams": (1, 64), "num_beam_groups": (1, 64), "no_repeat_ngram_size": (0, 64),
               "encoder_no_repeat_ngram_size": (0, 64), "max_length": (1, 1_000_000),
               "min_length": (0, 1_000_000), "max_new_tokens": (1, 1_000_000), "min_new_tokens": (0, 1_000_000)}
_REAL_FIELDS = {"length_penalty": (-100.0, 100.0), "repetition_penalty": (0.01, 100.0),
                "encoder_repetition_penalty": (0.01, 100.0)}
_TOKEN_FIELDS = ("decoder_start_token_id", "bos_token_id", "eos_token_id", "pad_token_id",
                 "forced_bos_token_id", "forced_eos_token_id")


def check_generation_config(name: str, config: Any) -> None:
    """ModelUnavailable (exit 69) naming the first generation_config.json field with an absurd or
    mistyped value; unset fields (None) are the library's defaults."""
    def refuse(field: str, value: Any, want: str) -> None:
        raise ModelUnavailable(f"cannot use model '{name}': its generation_config.json gives {field} "
                               f"{value!r:.60}; it must be {want}")

    for field, (low, high) in _INT_FIELDS.items():
        value = getattr(config, field, None)
        if value is not None and (type(value) is not int or not low <= value <= high):
            refuse(field, value, f"a whole number from {low} to {high}")
    for field, (lo, hi) in _REAL_FIELDS.items():
        value = getattr(config, field, None)
        if value is not None and (type(value) not in (int, float) or not lo <= value <= hi):
            refuse(field, value, f"a number from {lo:g} to {hi:g}")
    for field in _TOKEN_FIELDS:
        value = getattr(config, field, None)
        ids = value if isinstance(value, list) else [value]
        if value is not None and not all(type(i) is int and i >= 0 for i in ids):
            refuse(field, value, "a token id (a whole number, 0 or more)")


load_seq2seq = _WhileInUse(_load_seq2seq)


def _reason(e: BaseException) -> str:
    text = " ".join(str(e).split())
    if "couldn't connect" in text or "offline" in text.lower():
        return "not cached and the hub cannot be reached (check the network or the model id)"
    if "pickle" in text.lower() or type(e).__name__ == "UnpicklingError":
        return ("its weights are a pickle file, which is refused because it can run code; convert them to "
                "safetensors (transformers: model.save_pretrained(folder, safe_serialization=True))")
    return f"{type(e).__name__}: {text[:200]}" if text else type(e).__name__
