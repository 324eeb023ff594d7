"""Models already in CTranslate2's format (quickmt's, or converted elsewhere), loaded as they are.

No conversion and no torch or transformers: the folder's own files say what generation needs,
as the META file does for a model convert.py converted, and the same `ct2._Model` code runs.
The layout is told by its files (catalog.layout): a model.bin with no transformers config.

What the files cannot say is written here, each with its reason:
- the input limit: CTranslate2's config.json carries none in the layouts seen, so a key
  naming one is honoured when present and DEFAULT_MAX_TOKENS (the opus-mt models' 512)
  applies otherwise. The pipeline splits every input to half of it, as for any model, so
  nothing is cut, and a news sentence rarely comes near it;
- the beam: quickmt's own translate call decodes with 5 beams (DEFAULT_BEAMS);
- the source text gets no end token from us: CTranslate2 adds what its config.json asks for
  (add_source_bos / add_source_eos), and those count against the limit.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from translate_news.catalog import layout
from translate_news.catalog.hub import ModelRef, model_folder
from translate_news.errors import ModelUnavailable

DEFAULT_MAX_TOKENS = 512  # positions assumed when the config names none (see the module doc)
DEFAULT_BEAMS = 5  # quickmt's default beam size
LIMIT_KEYS = ("max_source_positions", "max_position_embeddings", "max_input_length")
# Tokens never shown in a translation, whatever the config names them
SPECIAL = ("<s>", "</s>", "<unk>", "<pad>", "<blank>")


def native_folder(name: str) -> Path | None:
    """The folder of `name` when it is a CTranslate2 model, else None (a transformers model).

    A registry model in CTranslate2's format that is not cached yet is fetched first, as
    transformers fetches its own models on first use (check_available has already said
    whether the hub can be reached)."""
    ref = ModelRef.parse(name)
    folder = model_folder(ref)
    if folder is None and not ref.local:
        from translate_news.catalog.registry import find

        entry = find(ref.name)
        if entry is not None and entry.native:
            from translate_news.catalog.store import pull

            folder = pull(entry)
    return folder if folder is not None and layout.is_ctranslate2(folder) else None


def native_meta(folder: Path) -> dict[str, Any]:
    """What generation needs, read from a CTranslate2 model's own files (the META of convert.py).

    Raises:
        ModelUnavailable: a file the runtime needs is missing.
    """
    names = {p.name for p in folder.iterdir() if p.is_file()}
    missing = layout.problems(sorted(names), ctranslate2=True)
    if missing:
        raise ModelUnavailable(f"{folder} is not a complete CTranslate2 model: {'; '.join(missing)}")
    config: dict[str, Any] = {}
    if "config.json" in names:
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except ValueError as e:
            raise ModelUnavailable(f"{folder / 'config.json'} is not valid JSON: {e}") from None
    spm = layout.spm_pair(names)
    vocab = layout.vocabularies(names)
    assert spm is not None, "problems() found the SentencePiece models"
    assert vocab is not None, "problems() found the vocabularies"
    limits = [config.get(k) for k in LIMIT_KEYS]
    limit = next((v for v in limits if isinstance(v, int) and v > 0), DEFAULT_MAX_TOKENS)
    named = [config.get(k) for k in ("bos_token", "eos_token", "unk_token", "decoder_start_token")]
    return {
        "source": str(folder),
        "quantization": "int8",  # the CPU compute type, as for converted models
        "model_type": "ctranslate2",
        "tokenizer": "sentencepiece",
        "spm_files": list(spm),
        "decode_with_source_spm": spm[0] == spm[1],
        "append_eos": False,  # CTranslate2 adds what its config asks for
        "runtime_added_tokens": int(bool(config.get("add_source_bos"))) + int(bool(config.get("add_source_eos"))),
        "max_tokens": limit,
        "num_beams": DEFAULT_BEAMS,
        "length_penalty": 1.0,
        "no_repeat_ngram_size": 0,
        "forced_bos_token": None,
        "forced_eos": False,
        "eos_token": config.get("eos_token") or "</s>",
        "special_tokens": sorted({*SPECIAL, *(t for t in named if isinstance(t, str))}),
        "language_codes": [t for t in read_vocabulary(folder / vocab[0]) if t.startswith(">>") and t.endswith("<<")],
    }


def read_vocabulary(path: Path) -> list[str]:
    """A CTranslate2 vocabulary: a JSON list of tokens, or one token a line."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        tokens = json.loads(text)
        return [str(t) for t in tokens]
    return text.splitlines()
