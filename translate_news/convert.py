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
import os
import shutil
import tempfile
from pathlib import Path

from translate_news.errors import ModelUnavailable

META = "translate-news.json"
FORMAT = 1  # bump when META or the folder layout changes
CONVERTIBLE = ("marian", "bart")  # architectures whose tokenization the CTranslate2 backend mirrors


class NotConvertible(ModelUnavailable):
    """This model cannot run on CTranslate2 (architecture, tokenizer, or the converter failed)."""


def converted_root() -> Path:
    """`<local store>/converted` when the local model store exists, else the user's cache."""
    from translate_news.store import local_store

    store = local_store()
    if store.is_dir():
        return store / "converted"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "translate-news" / "converted"


def source_folder(name: str) -> Path | None:
    """The folder holding the model's files: a local folder, or its HF cache snapshot."""
    from translate_news.loading import ModelRef, pinned_revision

    ref = ModelRef.parse(name)
    if ref.local:
        return Path(ref.name).resolve()
    from huggingface_hub import try_to_load_from_cache

    cached = try_to_load_from_cache(ref.name, "config.json", revision=pinned_revision(ref))
    return Path(cached).parent if isinstance(cached, str) else None


def cache_key(name: str, folder: Path, quantization: str) -> str:
    from translate_news.loading import ModelRef

    if ModelRef.parse(name).local:
        stamps = [str(folder)] + [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                                  for p in sorted(folder.iterdir()) if p.is_file()]
        tag = f"{folder.name}-{hashlib.sha256(chr(0).join(stamps).encode()).hexdigest()[:12]}"
    else:
        tag = f"{name.replace('/', '--')}@{folder.name[:12]}"  # an HF snapshot folder is named by commit
    return f"{tag}-{quantization}-v{FORMAT}"


def find_converted(name: str, quantization: str) -> Path | None:
    """The converted folder if it exists already; never converts, never imports torch."""
    folder = source_folder(name)
    if folder is None:
        return None
    target = converted_root() / cache_key(name, folder, quantization)
    return target if (target / META).is_file() else None


def ensure_converted(name: str, quantization: str, role: str = "translation",
                     notify=lambda message: None) -> Path:
    """The converted folder for `name`, converting it first if needed.

    Raises:
        ModelUnavailable: the model cannot be had (as for the transformers backend).
        NotConvertible: it can be had but not converted.
    """
    found = find_converted(name, quantization)
    if found:
        return found
    from translate_news.loading import load_seq2seq

    # The safe loader (downloads if allowed), but not its per-process cache: once converted,
    # this torch copy is garbage and must not stay in memory beside the CTranslate2 one.
    tokenizer, model = load_seq2seq.__wrapped__(name, "cpu", role)
    folder = source_folder(name)
    if folder is None:
        raise NotConvertible(f"cannot find the files of '{name}' to convert them")
    if model.config.model_type not in CONVERTIBLE:
        raise NotConvertible(f"{model.config.model_type} models do not run on CTranslate2 here "
                             f"(only {', '.join(CONVERTIBLE)})")
    target = converted_root() / cache_key(name, folder, quantization)
    notify(f"converting {name} for CTranslate2 ({quantization}); done once, then reused from {target.parent}")
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


def _convert(tokenizer, model, folder: Path, out: Path, quantization: str) -> None:
    from ctranslate2.converters import TransformersConverter

    class Loaded(TransformersConverter):
        """Convert the model and tokenizer already loaded by the safe loader."""

        def load_model(self, model_class, model_name_or_path, **kwargs):
            return model

        def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
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


def _meta(name: str, tokenizer, model, quantization: str) -> dict:
    """What generation needs from the HF config and tokenizer, so the runtime needs neither."""
    from translate_news.backends.hf import model_limit

    g = model.generation_config

    def token(token_id):
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
