"""The model registry: named models and the presets that combine them (registry.toml)."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

DEFAULT_PRESET = "fast"
CTRANSLATE2 = "ctranslate2"


@dataclass(frozen=True)
class ModelEntry:
    name: str  # short name, e.g. opus-mt-ar-en
    hub_id: str
    revision: str
    role: str
    licence: str
    size_mb: int
    score: str
    source: str  # the page the revision was read from
    format: str = "transformers"  # or "ctranslate2": already in CTranslate2's format

    @property
    def pinned(self) -> str | None:
        """The revision to ask the hub for; None for a branch name such as "main" (a test keeps them out)."""
        return None if self.revision == "main" else self.revision

    @property
    def native(self) -> bool:
        """Already in CTranslate2's format: loads with no conversion, and never with transformers."""
        return self.format == CTRANSLATE2


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    translation: ModelEntry
    summary: ModelEntry
    back_translation: ModelEntry

    def entries(self) -> list[ModelEntry]:
        return [self.translation, self.summary, self.back_translation]


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("translate_news.catalog").joinpath("registry.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def models() -> dict[str, ModelEntry]:
    return {name: ModelEntry(name=name, **fields) for name, fields in _data()["models"].items()}


def presets() -> dict[str, Preset]:
    entries = models()
    return {name: Preset(name, p["description"], entries[p["translation"]], entries[p["summary"]],
                         entries[p["back_translation"]])
            for name, p in _data()["presets"].items()}


def default_preset() -> Preset:
    return presets()[DEFAULT_PRESET]


def find(name: str) -> ModelEntry | None:
    """A registry entry by short name or hub id."""
    for entry in models().values():
        if name in (entry.name, entry.hub_id):
            return entry
    return None
