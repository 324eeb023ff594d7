"""The model registry: named models and the presets that combine them (registry.toml)."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

DEFAULT_PRESET = "fast"


@dataclass(frozen=True)
class ModelEntry:
    name: str  # short name, e.g. opus-mt-ar-en
    hub_id: str
    revision: str
    role: str
    licence: str
    size_mb: int
    score: str


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    translation: ModelEntry
    summary: ModelEntry
    back_translation: ModelEntry

    def entries(self) -> list[ModelEntry]:
        return [self.translation, self.summary, self.back_translation]


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(resources.files("translate_news").joinpath("registry.toml").read_text(encoding="utf-8"))


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
