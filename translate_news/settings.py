"""Run settings: one frozen object, built and checked in one place (flags over env over defaults).

`Settings` holds everything that decides a run's output, the input encoding included, so
`cache_key()` (batch's resume key) cannot miss a field: it is derived from all of them
except those listed in CACHE_EXCLUDED, which change speed or logging but never the text.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from translate_news.catalog import registry
from translate_news.errors import UsageError
from translate_news.notes import note
from translate_news.reading import MAX_BYTES

log = logging.getLogger(__name__)
DEFAULT_BATCH_SIZE = 16  # sorted batches of 16 measured 3.65x over one-at-a-time on 2 cores
MAX_BEAMS = 32  # wider beams cost time and memory for no measurable gain
# (min, max) new tokens; medium is distilbart-cnn's own 56-142.
LENGTHS = {"short": (30, 80), "medium": (56, 142), "long": (100, 256)}
DEVICE_PATTERN = re.compile(r"^(auto|cpu|cuda(:\d+)?|mps)$")
SUMMARY_LANGS = ("en", "ar", "both")
BACKENDS = ("auto", "ctranslate2", "transformers")
# Fields that never change the text of an output (so a rerun need not redo anything).
CACHE_EXCLUDED = frozenset({"device", "batch_size", "offline", "max_bytes", "timeout"})
_SUMMARY_FIELDS = frozenset({"summary_model", "back_model", "summary_lang", "summary_length"})
# Fields added after batch records existed, with the value every earlier run had: left out of the
# key at that value, so a folder translated before them resumes instead of starting over.
LATER_FIELDS = {"extract": True}


@dataclass(frozen=True)
class Settings:
    # defaults: the default preset's models (catalog/registry.toml)
    mt_model: str = field(default_factory=lambda: registry.default_preset().translation.hub_id)
    summary_model: str = field(default_factory=lambda: registry.default_preset().summary.hub_id)
    back_model: str = field(default_factory=lambda: registry.default_preset().back_translation.hub_id)
    summary: bool = True
    summary_lang: str = "both"  # en | ar | both
    summary_length: tuple[int, int] = LENGTHS["medium"]  # min/max new tokens
    device: str = "auto"
    batch_size: int = DEFAULT_BATCH_SIZE
    beams: int | None = None  # None: the model's own generation config
    fast: bool = False  # greedy decoding for every model
    backend: str = "auto"  # auto | ctranslate2 | transformers
    keep_boilerplate: bool = False
    encoding: str | None = None  # None: detect
    max_bytes: int = MAX_BYTES  # larger input stops with exit 65
    offline: bool = False
    extract: bool = True  # a web page: its article only (False: all visible text, --no-extract)
    timeout: float = 20.0  # seconds to connect to a URL's site, and between two reads of its answer

    @property
    def summary_beams(self) -> int | None:
        """Beams for the summarizer and the back-translation: greedy under --fast, else the models' own."""
        return 1 if self.fast else None

    def cache_key(self) -> str:
        """What, besides the input bytes, decides the outputs (summary fields only when summarizing)."""
        skip = CACHE_EXCLUDED | (frozenset() if self.summary else _SUMMARY_FIELDS)
        parts = {k: v for k, v in asdict(self).items()
                 if k not in skip and not (k in LATER_FIELDS and LATER_FIELDS[k] == v)}
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]

    @classmethod
    def build(cls, *, preset: str = registry.DEFAULT_PRESET, summary_length: str = "medium",
              **options: Any) -> Settings:
        """Check options the way a user gave them and resolve the models; UsageError names the problem.

        `options` are Settings fields. An explicit model wins over the preset's, and a
        registry model installed in the local store loads from there.
        """
        from translate_news.catalog import store

        unknown = set(options) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"not settings: {', '.join(sorted(unknown))}")
        presets = registry.presets()
        if preset not in presets:
            raise UsageError(f"unknown --preset '{preset}': use {' or '.join(presets)}")
        chosen = presets[preset]
        for key, entry, flag in (("mt_model", chosen.translation, "--mt-model"),
                                 ("summary_model", chosen.summary, "--summary-model"),
                                 ("back_model", chosen.back_translation, "--back-model")):
            given = options.get(key)
            if given is not None and not given.strip():
                raise UsageError(f"{flag} is empty: give a hub id or a model folder, or leave it out")
            options[key] = store.resolve(given or entry.hub_id)
            if options[key] != (given or entry.hub_id):  # a ./models folder replaces the hub's copy: say so
                note(log, f"using {options[key]} for {given or entry.hub_id} (the local model store; "
                          "TRANSLATE_NEWS_MODELS_DIR moves it)")
        beams = options.get("beams")
        if options.get("fast"):
            if beams not in (None, 1):
                raise UsageError("--fast means greedy decoding (one beam); leave out --beams")
            options["beams"] = 1
        elif beams is not None and not 1 <= beams <= MAX_BEAMS:
            raise UsageError(f"--beams {beams}: use 1 to {MAX_BEAMS}")
        for key in ("device", "summary_lang", "backend"):  # canonical: 'CPU' and 'cpu' are one run key
            if isinstance(options.get(key), str):
                options[key] = options[key].strip().lower()
        device = options.get("device", "auto")
        if not DEVICE_PATTERN.match(device):
            raise UsageError(f"invalid --device '{device}': use auto, cpu, cuda, cuda:N or mps")
        if options.get("summary_lang", "both") not in SUMMARY_LANGS:
            raise UsageError(f"invalid --summary-lang: use {', '.join(SUMMARY_LANGS)}")
        if options.get("backend", "auto") not in BACKENDS:
            raise UsageError(f"invalid --backend: use {', '.join(BACKENDS)}")
        if not options.get("timeout", 20.0) > 0:
            raise UsageError("--timeout must be more than 0 seconds")
        if options.get("max_bytes", MAX_BYTES) < 1:
            raise UsageError("--max-bytes must be at least 1")
        if options.get("encoding") is not None:
            options["encoding"] = check_encoding(options["encoding"])
        return cls(summary_length=parse_length(summary_length), **options)


def parse_length(value: str) -> tuple[int, int]:
    """'short' | 'medium' | 'long' | 'MIN:MAX' (new tokens) to (min, max)."""
    if value in LENGTHS:
        return LENGTHS[value]
    lo, sep, hi = value.partition(":")
    if sep and lo.isdigit() and hi.isdigit() and 0 <= int(lo) <= int(hi) and int(hi) > 0:
        return int(lo), int(hi)
    raise UsageError(f"invalid --summary-length: '{value}' is not short, medium, long or MIN:MAX tokens "
                     "(e.g. 40:120)")


def check_encoding(name: str) -> str:
    """A text encoding's canonical name; codecs such as base64 or rot13 are not text encodings."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise UsageError(f"unknown --encoding '{name}' (e.g. utf-8, cp1256, iso8859-6)") from None
    if not getattr(info, "_is_text_encoding", True) or info.name == "undefined":  # undefined decodes nothing
        raise UsageError(f"--encoding {name} is not a text encoding (e.g. utf-8, cp1256, iso8859-6)")
    return info.name  # canonical: CP1256 and cp1256 give one batch resume key
