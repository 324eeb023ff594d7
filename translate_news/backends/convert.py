"""Converting a Hugging Face seq2seq model to CTranslate2, once, into a cache.

A converted folder holds CTranslate2's model files, the tokenizer files the runtime needs
(SentencePiece models for Marian, a tokenizer.json otherwise) and `translate-news.json`,
which records what generation needs from the Hugging Face config. With those, a run on a
converted model never imports torch or transformers.

The cache key is the model (hub id and the commit of its cached snapshot, or a local
folder's path and file stamps) plus the quantization, so a new revision or a changed local
model converts again instead of using stale weights.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from translate_news.catalog.hub import ModelRef, model_folder
from translate_news.catalog.store import local_store
from translate_news.errors import ModelUnavailable
from translate_news.notes import note

log = logging.getLogger(__name__)

META = "translate-news.json"
FORMAT = 1  # bump when META or the folder layout changes
CONVERTIBLE = ("marian", "bart")  # architectures whose tokenization the CTranslate2 backend mirrors


class NotConvertible(ModelUnavailable):
    """This model cannot run on CTranslate2 (architecture, tokenizer, or the converter failed).

    `remembered`: an earlier run found this out already (the reason was said then).
    """

    def __init__(self, message: str, *, remembered: bool = False):
        super().__init__(message)
        self.remembered = remembered


def converted_root() -> Path:
    """`<local store>/converted` when the local model store exists, else the user's cache."""
    store = local_store()
    if store.is_dir():
        return store / "converted"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "translate-news" / "converted"


def model_tag(name: str, folder: Path) -> str:
    """One copy of a model: hub id and commit, or a local folder's path and file stamps."""
    if ModelRef.parse(name).local:
        stamps = [str(folder)] + [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                                  for p in sorted(folder.iterdir()) if p.is_file()]
        return f"{folder.name}-{hashlib.sha256(chr(0).join(stamps).encode()).hexdigest()[:12]}"
    return f"{name.replace('/', '--')}@{folder.name[:12]}"  # an HF snapshot folder is named by commit


def cache_key(name: str, folder: Path, quantization: str) -> str:
    return f"{model_tag(name, folder)}-{quantization}-v{FORMAT}"


def find_converted(name: str, quantization: str) -> Path | None:
    """The converted folder if it exists already; never converts, never imports torch."""
    target = _target(name, quantization)
    return target if target is not None and (target / META).is_file() else None


def _target(name: str, quantization: str) -> Path | None:
    folder = model_folder(ModelRef.parse(name))
    return None if folder is None else converted_root() / cache_key(name, folder, quantization)


def ensure_converted(name: str, quantization: str) -> Path:
    """The converted folder for `name`, converting it first if needed.

    A model that failed to convert is remembered (a `.failed` file beside where it would
    be), so later runs do not pay for the attempt again or repeat its message.

    Raises:
        ModelUnavailable: the model cannot be had (as for the transformers backend).
        NotConvertible: it can be had but not converted.
    """
    found = find_converted(name, quantization)
    if found:
        return found
    target = _target(name, quantization)
    failed = target.with_name(target.name + ".failed") if target else None
    if failed is not None and failed.is_file():
        raise NotConvertible(f"{failed.read_text(encoding='utf-8').strip()} (remembered from an earlier run; "
                             f"delete {failed} to try again)", remembered=True)
    try:
        return _convert_once(name, quantization)
    except NotConvertible as e:
        target = _target(name, quantization)
        if target is not None:
            with contextlib.suppress(OSError):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.with_name(target.name + ".failed").write_text(str(e) + "\n", encoding="utf-8")
        raise


def _convert_once(name: str, quantization: str) -> Path:
    from translate_news.backends.loading import load_seq2seq

    # The safe loader (downloads if allowed), but not its per-process cache: once converted,
    # this torch copy is garbage and must not stay in memory beside the CTranslate2 one.
    tokenizer, model = load_seq2seq.__wrapped__(name, "cpu")
    target = _target(name, quantization)
    if target is None:
        raise NotConvertible(f"cannot find the files of '{name}' to convert them")
    folder = model_folder(ModelRef.parse(name))
    assert folder is not None  # _target found it
    if model.config.model_type not in CONVERTIBLE:
        raise NotConvertible(f"{model.config.model_type} models do not run on CTranslate2 here "
                             f"(only {', '.join(CONVERTIBLE)})")
    note(log, f"converting {name} for CTranslate2 ({quantization}); done once, then reused from {target.parent}")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".converting-", dir=target.parent))
    try:
        _convert(tokenizer, model, folder, work / "model", quantization)
        (work / "model" / META).write_text(json.dumps(_meta(name, tokenizer, model, quantization), indent=2),
                                           encoding="utf-8")
        try:
            os.replace(work / "model", target)  # atomic: a half-converted model is never found
        except OSError:
            if not (target / META).is_file():  # not another process winning the race
                raise
    except NotConvertible:
        raise
    except Exception as e:
        raise NotConvertible(f"cannot convert '{name}' for CTranslate2: {type(e).__name__}: {str(e)[:200]}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _convert(tokenizer: Any, model: Any, folder: Path, out: Path, quantization: str) -> None:
    from ctranslate2.converters import TransformersConverter

    class Loaded(TransformersConverter):
        """Convert the model and tokenizer already loaded by the safe loader."""

        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            return model

        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            return tokenizer

    if model.config.model_type == "bart" and not hasattr(model.config, "normalize_before"):
        model.config.normalize_before = False  # read by the converter; BART is post-norm (newer configs drop the key)
    with contextlib.redirect_stderr(io.StringIO()):  # the converter's progress bars
        Loaded(str(folder)).convert(str(out), quantization=quantization)
    spm_files = getattr(tokenizer, "spm_files", None)
    if spm_files:  # MarianTokenizer: the runtime uses the SentencePiece models directly
        shutil.copy(spm_files[0], out / "source.spm")
        shutil.copy(spm_files[1], out / "target.spm")
    elif getattr(tokenizer, "backend_tokenizer", None) is not None:
        tokenizer.backend_tokenizer.save(str(out / "tokenizer.json"))
    else:
        raise NotConvertible(f"its tokenizer ({type(tokenizer).__name__}) has no file the runtime can read")


def _meta(name: str, tokenizer: Any, model: Any, quantization: str) -> dict[str, Any]:
    """What generation needs from the HF config and tokenizer, so the runtime needs neither."""
    from translate_news.backends.hf import model_limit

    g = model.generation_config

    def token(token_id: int | None) -> str | None:
        return None if token_id is None else tokenizer.convert_ids_to_tokens(int(token_id))

    return {
        "format": FORMAT,
        "source": name,
        "quantization": quantization,
        "model_type": model.config.model_type,
        "tokenizer": "sentencepiece" if getattr(tokenizer, "spm_files", None) else "tokenizers",
        # Marian decodes with the source model when the vocabulary is shared, as transformers does.
        "decode_with_source_spm": not getattr(tokenizer, "separate_vocabs", True),
        "max_tokens": model_limit(tokenizer, model),
        "num_beams": g.num_beams or 1,
        "length_penalty": g.length_penalty if g.length_penalty is not None else 1.0,
        "no_repeat_ngram_size": g.no_repeat_ngram_size or 0,
        "forced_bos_token": token(g.forced_bos_token_id),
        # transformers spends the last allowed position on a forced end token: one fewer for text
        "forced_eos": g.forced_eos_token_id is not None,
        "eos_token": tokenizer.eos_token,
        "special_tokens": sorted(set(tokenizer.all_special_tokens)),
        "language_codes": sorted(t for t in tokenizer.get_vocab() if t.startswith(">>") and t.endswith("<<")),
    }
