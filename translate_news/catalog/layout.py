"""Which files make a model: the transformers layout, and CTranslate2's own.

A transformers model is a config.json naming its `model_type`, a tokenizer and one set of
weights. A CTranslate2 model (quickmt's, or one converted elsewhere) is a model.bin, its
vocabularies, and the SentencePiece models that cut text into its pieces; its config.json,
when it has one, is CTranslate2's, with no `model_type`. Looking only at names and at that
one small JSON file, nothing here imports a model library.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

# transformers: config, tokenizer, and one set of weights
CONFIG = re.compile(r"^(config|generation_config)\.json$")
TOKENIZER = re.compile(r"^(tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|vocab\.json|"
                       r"merges\.txt|source\.spm|target\.spm|sentencepiece\.bpe\.model|spiece\.model)$")
SAFETENSORS = re.compile(r"^model(-\d+-of-\d+)?\.safetensors(\.index\.json)?$")
PICKLE = re.compile(r"^pytorch_model(-\d+-of-\d+)?\.bin(\.index\.json)?$")

# CTranslate2: the weights, its config, the vocabularies and the SentencePiece models
CT2_WEIGHTS = "model.bin"
CT2_FILES = re.compile(r"^(model\.bin|config\.json|(shared|source|target)_vocabulary\.(json|txt)|"
                       r"(src|tgt|joint)\.spm\.model|source\.spm|target\.spm)$")
# (source, target) SentencePiece models, in the order they are looked for: quickmt's separate
# pair, quickmt's joint model, then the OPUS-MT names (also what CTranslate2 conversions keep).
SPM_PAIRS = (("src.spm.model", "tgt.spm.model"), ("joint.spm.model", "joint.spm.model"),
             ("source.spm", "target.spm"))
VOCABULARIES = (("shared_vocabulary.json",), ("shared_vocabulary.txt",),
                ("source_vocabulary.json", "target_vocabulary.json"),
                ("source_vocabulary.txt", "target_vocabulary.txt"))


def has_model(folder: Path) -> bool:
    """A folder holding a model of either layout (files present, not checked)."""
    return (folder / "config.json").is_file() or (folder / CT2_WEIGHTS).is_file()


def is_ctranslate2(folder: Path) -> bool:
    """A model already in CTranslate2's format: a model.bin, and no transformers config beside it."""
    if not (folder / CT2_WEIGHTS).is_file():
        return False
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False  # an unreadable config: let the loader that owns it say what is wrong
    return not (isinstance(config, dict) and ("model_type" in config or "architectures" in config))


def spm_pair(names: set[str]) -> tuple[str, str] | None:
    return next((pair for pair in SPM_PAIRS if set(pair) <= names), None)


def vocabularies(names: set[str]) -> tuple[str, ...] | None:
    return next((v for v in VOCABULARIES if set(v) <= names), None)


def needed_files(repo_files: list[str], *, ctranslate2: bool = False) -> list[str]:
    """What a pull fetches from a repository's top level.

    transformers: config, tokenizer and weights (safetensors when the repository has them, else
    .bin). CTranslate2: model.bin, its config, vocabularies and SentencePiece models."""
    names = [f for f in repo_files if "/" not in f]
    if ctranslate2:
        return sorted(f for f in names if CT2_FILES.match(f))
    weights = [f for f in names if SAFETENSORS.match(f)] or [f for f in names if PICKLE.match(f)]
    return sorted(f for f in names if CONFIG.match(f) or TOKENIZER.match(f)) + sorted(weights)


def problems(present: list[str], *, ctranslate2: bool) -> list[str]:
    """What a model folder with these files lacks (empty when its layout is complete)."""
    names = set(present)
    if ctranslate2:
        found = []
        if CT2_WEIGHTS not in names:
            found.append("model.bin is missing")
        if vocabularies(names) is None:
            found.append("no vocabulary (shared_vocabulary.json, or source_ and target_vocabulary.json)")
        if spm_pair(names) is None:
            found.append("no SentencePiece models (src.spm.model and tgt.spm.model, or source.spm and target.spm)")
        return found
    found = []
    if "config.json" not in names:
        found.append("config.json is missing")
    if not any(SAFETENSORS.match(f) or PICKLE.match(f) for f in names):
        found.append("no weights (model.safetensors or pytorch_model.bin)")
    return found
