"""The hub and its cache: naming a model, finding its cached files, failing fast when offline.

Every question "is this model here, and where" goes through `cached_snapshot`, so the
loader, the converter and `models list` always agree. An uncached hub model under offline
mode fails in well under a second with a message naming it, instead of transformers'
generic "couldn't connect" after retries of tens of seconds.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from translate_news.errors import ModelUnavailable


@dataclass(frozen=True)
class ModelRef:
    """A model as the user named it: a local folder, or a hub id (with the registry's pin)."""

    name: str  # hub id or local directory, as given
    local: bool

    @classmethod
    def parse(cls, name: str) -> ModelRef:
        path = Path(name).expanduser()
        if path.is_dir():
            return cls(str(path), True)
        if name.startswith((".", "/", "~")) or name.count("/") > 1:
            raise ModelUnavailable(f"model folder '{name}' not found")
        if not _valid_hub_id(name):
            raise ModelUnavailable(f"'{name}' is neither a model folder nor a valid hub id (owner/name)")
        return cls(name, False)

    @property
    def revision(self) -> str | None:
        """The registry's pinned commit for a hub model; None: its default branch."""
        from translate_news.catalog.registry import find

        entry = None if self.local else find(self.name)
        return entry.pinned if entry else None


def _valid_hub_id(name: str) -> bool:
    import re

    # huggingface_hub's own rule (validate_repo_id): each part starts and ends with a letter, digit or
    # '_', and no '--' or '..'; anything else raises its HFValidationError deep inside a load
    part = r"\w(?:[\w.-]{0,94}\w)?"
    return bool(re.fullmatch(f"(?:{part}/)?{part}", name)) and ".." not in name and "--" not in name


def offline_mode() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def cached_snapshot(repo_id: str, revision: str | None, *, cache_dir: str | None = None) -> Path | None:
    """The cached snapshot folder of a hub model at `revision`, or None. No network.

    Found by its config.json, or by model.bin: a CTranslate2 model (quickmt-ar-en) may have no config."""
    from huggingface_hub import try_to_load_from_cache

    for marker in ("config.json", "model.bin"):
        found = try_to_load_from_cache(repo_id, marker, revision=revision, cache_dir=cache_dir)
        if isinstance(found, str):
            return Path(found).parent
    return None


def model_folder(ref: ModelRef) -> Path | None:
    """The folder holding a model's files: a local folder, or its cached snapshot."""
    return Path(ref.name).resolve() if ref.local else cached_snapshot(ref.name, ref.revision)


def check_available(name: str) -> tuple[ModelRef, bool]:
    """Fail fast, before torch is imported, when a model cannot be had; return (ref, cached).

    Raises:
        ModelUnavailable: a missing local folder, or a hub model not cached while offline
            or while the hub cannot be reached.
    """
    ref = ModelRef.parse(name)
    cached = ref.local or model_folder(ref) is not None
    if not cached and offline_mode():
        raise ModelUnavailable(
            f"model '{name}' is not in the Hugging Face cache and offline mode is on; "
            f"fetch it first with 'translate-news models pull' (or run once online), "
            f"or pass a local folder with the model")
    if not cached:
        problem = hub_unreachable()
        if problem:
            raise ModelUnavailable(
                f"model '{name}' is not cached and the model hub cannot be reached ({problem}); "
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
    return _probe(url.hostname or "", url.port or (443 if url.scheme == "https" else 80), timeout)


@functools.cache  # once per endpoint and process: every model load asks
def _probe(host: str, port: int, timeout: float) -> str | None:
    import socket

    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as e:
        return f"{host}: {e.strerror or type(e).__name__}"
    return None
