"""Run settings: one frozen object built by the CLI (flags over env over defaults)."""
from __future__ import annotations

from dataclasses import dataclass, field

from translate_news import registry

DEFAULT_BATCH_SIZE = 16  # sorted batches of 16 measured 3.65x over one-at-a-time on 2 cores


@dataclass(frozen=True)
class Settings:
    # defaults: the default preset's models (registry.toml)
    mt_model: str = field(default_factory=lambda: registry.default_preset().translation.hub_id)
    summary_model: str = field(default_factory=lambda: registry.default_preset().summary.hub_id)
    back_model: str = field(default_factory=lambda: registry.default_preset().back_translation.hub_id)
    summary: bool = True
    summary_lang: str = "both"
    summary_length: tuple[int, int] = (56, 142)  # min/max new tokens
    device: str = "auto"
    batch_size: int = DEFAULT_BATCH_SIZE
    beams: int | None = None  # None: the model's own generation config
    fast: bool = False  # greedy decoding for every model
    backend: str = "auto"  # auto, ctranslate2 or transformers
    keep_boilerplate: bool = False
    offline: bool = False

    @property
    def summary_beams(self) -> int | None:
        """Beams for the summarizer and the back-translation: greedy under --fast, else the models' own."""
        return 1 if self.fast else None
