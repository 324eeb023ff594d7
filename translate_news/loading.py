"""Loading seq2seq models safely, once per process, and failing fast when offline.

Remote code is never run, a local directory never touches the network, and an uncached hub
model under offline mode fails in well under a second with a message naming it, instead of
transformers' generic "couldn't connect" after retries (DESIGN.md implementation notes).
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from translate_news.errors import ModelUnavailable


@dataclass(frozen=True)
class ModelRef:
    name: str  # hub id or local directory, as given
    local: bool

    @classmethod
    def parse(cls, name: str) -> "ModelRef":
        path = Path(name).expanduser()
        if path.is_dir():
            return cls(str(path), True)
        if name.startswith((".", "/", "~")) or name.count("/") > 1:
            raise ModelUnavailable(f"model folder '{name}' not found")
        return cls(name, False)


def offline_mode() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def prepare_environment(*, offline: bool, verbose: bool = False) -> None:
    """Set what the HF stack reads at import time; call before importing transformers."""
    if offline:
        os.environ["HF_HUB_OFFLINE"] = "1"
    if not verbose:  # the libraries' own warnings stay off the terminal unless --verbose
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("HF_HUB_VERBOSITY", "error")
    # Otherwise a .bin-only hub repo starts a background thread that talks to a conversion
    # service (notes/reliability.md §1.2).
    os.environ.setdefault("DISABLE_SAFETENSORS_CONVERSION", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def pinned_revision(ref: ModelRef) -> str | None:
    """The registry's revision for a hub model (None: its default branch)."""
    from translate_news.registry import find

    entry = None if ref.local else find(ref.name)
    return entry.revision if entry and entry.revision != "main" else None


def is_cached(ref: ModelRef) -> bool:
    if ref.local:
        return True
    from huggingface_hub import try_to_load_from_cache

    return isinstance(try_to_load_from_cache(ref.name, "config.json", revision=pinned_revision(ref)), str)


def check_available(name: str, role: str = "translation") -> tuple[ModelRef, bool]:
    """Fail fast, before torch is imported, when a model cannot be had; return (ref, cached).

    Raises:
        ModelUnavailable: a missing local folder, or a hub model not cached while offline.
    """
    ref = ModelRef.parse(name)
    cached = is_cached(ref)
    if not cached and offline_mode():
        raise ModelUnavailable(
            f"{role} model '{name}' is not in the Hugging Face cache and offline mode is on; "
            f"fetch it first with 'translate-news models pull' (or run once online), "
            f"or pass a local folder with the model")
    if not cached:
        problem = hub_unreachable()
        if problem:
            raise ModelUnavailable(
                f"{role} model '{name}' is not cached and the model hub cannot be reached ({problem}); "
                "connect to the network and run 'translate-news models pull', or pass a local folder with the model")
    return ref, cached


def hub_unreachable(timeout: float = 3.0) -> str | None:
    """Why the hub cannot be reached, or None.

    One quick TCP connect instead of letting the hub client retry with backoff for tens of
    seconds (measured: 50 s) before transformers reports a generic error.
    """
    from urllib.parse import urlparse

    from huggingface_hub import constants

    url = urlparse(constants.ENDPOINT)
    return _probe(url.hostname, url.port or (443 if url.scheme == "https" else 80), timeout)


@functools.lru_cache(maxsize=None)  # once per endpoint and process: every model load asks
def _probe(host: str, port: int, timeout: float) -> str | None:
    import socket

    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as e:
        return f"{host}: {e.strerror or type(e).__name__}"
    return None


@functools.lru_cache(maxsize=None)
def load_seq2seq(name: str, device: str, role: str = "translation"):
    """Load (tokenizer, model) for `name` on `device`, cached per process.

    Raises:
        ModelUnavailable: not cached while offline, unknown id, or unreadable files (exit 69).
    """
    ref, cached = check_available(name, role)
    import warnings

    import transformers
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    if cached:  # keep the hub's download bar for a first download, but not "Loading weights"
        transformers.utils.logging.disable_progress_bar()
    kwargs = dict(local_files_only=ref.local or cached or offline_mode(), trust_remote_code=False)
    revision = pinned_revision(ref)
    if revision:
        kwargs["revision"] = revision
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. MarianTokenizer's sacremoses advice
            tokenizer = AutoTokenizer.from_pretrained(ref.name, **kwargs)
            model = AutoModelForSeq2SeqLM.from_pretrained(ref.name, **kwargs)
    except (OSError, ValueError, KeyError) as e:
        raise ModelUnavailable(f"cannot load {role} model '{name}': {_reason(e)}") from None
    model.eval()
    if device != "cpu":  # half precision on a GPU: about twice the speed at no measurable cost
        import torch

        half = torch.bfloat16 if device.startswith("cuda") and torch.cuda.is_bf16_supported() else torch.float16
        model.to(device=device, dtype=half)
    return tokenizer, model


def _reason(e: BaseException) -> str:
    text = " ".join(str(e).split())
    if "couldn't connect" in text or "offline" in text.lower():
        return "not cached and the hub cannot be reached (check the network or the model id)"
    return text[:200] or type(e).__name__
